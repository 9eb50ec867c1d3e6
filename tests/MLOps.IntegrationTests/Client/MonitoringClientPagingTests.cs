using Microsoft.Extensions.DependencyInjection;
using MLOps.Client;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Client;

/// <summary>More than one call's worth: feedback split into calls the server takes, windows read a page at a time.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class MonitoringClientPagingTests(MonitoringFixture fixture)
{
    [Fact]
    public async Task FeedbackLargerThanOneCallIsSentInChunksAndUnknownIdsAreListed()
    {
        await using var client = new MlopsClient(fixture.Client);
        var deployment = await MonitoringClientErrorTests.DeployAsync(client, new MonitoringSettings { WindowSeconds = 60, Task = MonitoringTasks.Regression });
        var labels = Enumerable.Range(0, MlopsClient.MaxFeedbackPerCall + 1).Select(i => LabelFeedback.ForValue("never-" + i, i)).ToList();

        var outcome = await client.SubmitFeedbackAsync(deployment, labels);

        Assert.Equal(0, outcome.Matched);
        Assert.Equal(labels.Select(l => l.PredictionId).Order(), outcome.Unknown.Order());
        var none = await client.SubmitFeedbackAsync(deployment, []);
        Assert.Equal((0, 0), (none.Matched, none.Unknown.Count));
    }

    [Fact]
    public async Task WindowsOfTwoVersionsAreReadAcrossPagesInOrderWithoutRepeats()
    {
        await using var client = new MlopsClient(fixture.Client);
        var deployment = await MonitoringClientErrorTests.DeployAsync(client, new MonitoringSettings { WindowSeconds = 60 });
        var first = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var store = fixture.Server.Services.GetRequiredService<MLOps.Storage.Monitoring.WindowStore>();
        for (var i = 0; i < 130; i++)
        {
            foreach (var version in new[] { 1, 2 })
            {
                var start = first.AddMinutes(i);
                await store.CloseAsync(new MLOps.Storage.Monitoring.WindowRecord(deployment, deployment, version, start, start.AddMinutes(1), i, i, start.AddMinutes(1), 0, false, null), [], default);
            }
        }

        var windows = await client.GetWindowsAsync(deployment, first, first.AddDays(1), includePerformance: false);

        Assert.Equal(260, windows.Count);
        Assert.Equal(Enumerable.Range(0, 130).SelectMany(i => new[] { (first.AddMinutes(i), 1), (first.AddMinutes(i), 2) }), windows.Select(w => (w.Start, w.Version)));
        Assert.All(windows, w => Assert.Equal(((w.Start - first).Minutes + ((w.Start - first).Hours * 60), true), ((int)w.Count, w.Closed)));
        Assert.Equal(150, (await client.GetWindowsAsync(deployment, first, first.AddDays(1), first: 150, includePerformance: false)).Count);
        Assert.Equal(130, (await client.GetWindowsAsync(deployment, first, first.AddDays(1), version: 2, includePerformance: false)).Count);
    }
}
