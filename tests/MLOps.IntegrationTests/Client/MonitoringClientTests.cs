using System.Globalization;
using System.Text;
using MLOps.Client;
using MLOps.IntegrationTests.Fixtures;
using MLOps.IntegrationTests.Monitoring;
using MLOps.Monitoring;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Client;

/// <summary>
/// Monitoring through the SDK on the short-clock server: a reference profile, monitoring settings and rules, traffic
/// with one feature shifted, labels, and the closed window, its performance and its alerts read back as records.
/// </summary>
[Collection(MonitoringCollection.Name)]
public sealed class MonitoringClientTests(MonitoringFixture fixture)
{
    private static readonly string[] Columns = ["a", "b", "c", "d"];
    private static readonly string[] Classes = ["low", "mid", "high"];

    // 300 single-row requests through the SDK must fit in one window: the fixture's 2 s windows were too short once
    // in a clean-clone CI run on a loaded machine ("the traffic took longer than one window").
    private const int WindowSeconds = 6;

    [Fact]
    public async Task TheSdkProfilesAReferenceMonitorsTrafficAndReadsDriftPerformanceAndAlertsOfTheWindow()
    {
        await using var client = new MlopsClient(fixture.Client);
        var model = "sdk-mon-" + Guid.NewGuid().ToString("N")[..8];
        var stored = await client.UploadArtifactAsync(new MemoryStream(OnnxTestModels.Classifier(Columns.Length, Classes.Length, withLabel: false, seed: 5).ToBytes()));
        await client.RegisterModelVersionAsync(model, stored.Sha256);
        var reference = MonitoringTraffic.NormalRows(2000, Columns.Length, seed: 31);
        await using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(MonitoringTraffic.ToCsv(Columns, reference))))
        {
            var uploaded = await client.UploadReferenceAsync(model, 1, csv, ReferenceFormat.Csv);
            Assert.Equal((model, 1, "csv", 2000L), (uploaded.ModelName, uploaded.Version, uploaded.SourceFormat, uploaded.RowCount));
            Assert.Equal([.. Columns, "probabilities[0]", "probabilities[1]", "probabilities[2]"], uploaded.Features.Select(f => f.Name));
            Assert.Equal(("NUMERIC", "INPUT", 2000L), (uploaded.GetFeature("a").Kind, uploaded.GetFeature("a").Role, uploaded.GetFeature("a").Count));
            Assert.Equal("PREDICTION", uploaded.Features[^1].Role);
            Assert.Equal(reference.Average(r => (double)r[0]), uploaded.GetFeature("a").Mean!.Value, 6);
        }

        var profile = await client.GetReferenceProfileAsync(model, 1);
        Assert.Equal(2000, profile!.RowCount);
        Assert.Equal(reference.Min(r => (double)r[2]), profile.GetFeature("c").Min!.Value, 6);
        Assert.Null(await client.GetReferenceProfileAsync(model, 2));

        var deployment = model;
        await client.CreateDeploymentAsync(deployment, [DeploymentRoute.ToVersion(model, 1)]);
        var settings = new MonitoringSettings
        {
            WindowSeconds = WindowSeconds,
            Task = MonitoringTasks.Classification,
            PredictionOutput = ClassifierModel.ProbabilitiesName,
            ClassLabels = Classes,
            FeatureTests = [new FeatureTest("d", DriftTestNames.Wasserstein, 0.5)],
        };
        var updated = await client.SetMonitoringAsync(deployment, settings);
        Assert.Equal((2, 1), (updated.Revision, Assert.Single(updated.Routes).Version ?? 0));
        var read = await client.GetMonitoringSettingsAsync(deployment);
        Assert.Equal((WindowSeconds, "CLASSIFICATION", "probabilities"), (read.WindowSeconds, read.Task, read.PredictionOutput));
        Assert.Equal(new FeatureTest("d", DriftTestNames.Wasserstein, 0.5), Assert.Single(read.FeatureTests));
        Assert.Equal(Classes, read.ClassLabels);

        var drift = await client.SetAlertRuleAsync(deployment, new AlertRule("drift", AlertMetrics.DriftShare, 0.2) { MinSamples = 50 });
        Assert.False(string.IsNullOrEmpty(drift.Id));
        await client.SetAlertRuleAsync(deployment, new AlertRule("c-drift", AlertMetrics.FeatureDrift, 0.1) { Feature = "c" });
        await client.SetAlertRuleAsync(deployment, new AlertRule("accuracy", AlertMetrics.Accuracy, 0.01) { Comparator = AlertComparators.Below });
        Assert.Equal(["accuracy", "c-drift", "drift"], (await client.ListAlertRulesAsync(deployment)).Select(r => r.Name).Order());
        await client.DeleteAlertRuleAsync(deployment, "accuracy");
        Assert.Equal(2, (await client.ListAlertRulesAsync(deployment)).Count);
        await client.WaitForDeploymentAsync(deployment);

        // One window: "c" shifted by two standard deviations, the rest as in the reference.
        var rows = MonitoringTraffic.NormalRows(300, Columns.Length, seed: 40);
        foreach (var row in rows)
        {
            row[2] += 2f;
        }

        var (start, answers) = await SendInOneWindowAsync(client, deployment, rows);
        Assert.All(answers, a => Assert.False(string.IsNullOrEmpty(a.Id)));
        Assert.Equal(answers.Count, answers.Select(a => a.Id).Distinct().Count());

        // The predicted class for 225 answers and another for 75: accuracy exactly 0.75.
        var labels = answers.Select((a, i) => LabelFeedback.ForClass(a.Id!, Classes[(Predicted(a) + (i < 225 ? 0 : 1)) % Classes.Length])).ToList();
        Assert.Equal(300, await SubmitUntilLoggedAsync(client, deployment, labels));

        var window = await WaitForClosedWindowAsync(client, deployment, start);
        Assert.Equal((model, 1, 300L, 300L), (window.ModelName, window.Version, window.Count, window.Requests));
        Assert.Equal(["c"], window.Features.Where(f => f.Role == "INPUT" && f.Drifted).Select(f => f.Name));
        Assert.Equal(0.25, window.DriftShare!.Value, 6);
        Assert.Equal((false, true), (window.DatasetDrift, window.HasReference ?? false));
        Assert.Equal((DriftTestNames.Wasserstein, 0.5), (window.GetFeature("d").Test, window.GetFeature("d").Threshold));
        var exact = DriftTests.NormedWasserstein(reference.Select(r => (double)r[2]).ToList(), rows.Select(r => (double)r[2]).ToList());
        Assert.Equal(exact, window.GetFeature("c").Statistic!.Value, 0.03);
        Assert.Equal(window.GetFeature("c").Statistic, window.GetFeature("c").Score);
        Assert.Equal(Columns.Length + Classes.Length, window.Quality.Count);
        Assert.Equal(("CLASSIFICATION", 300L), (window.Performance!.Task, window.Performance.LabelledRows));
        Assert.Equal(0.75, window.Performance.Accuracy!.Value, 9);
        Assert.Null((await client.GetWindowsAsync(deployment, start, start.AddSeconds(1), includePerformance: false)).Single().Performance);

        var firing = await WaitForAlertsAsync(client, deployment, 2);
        Assert.Equal(["c-drift", "drift"], firing.Select(a => a.RuleName).Order());
        Assert.All(firing, a => Assert.Equal((AlertStates.Firing, start, model, 1), (a.State, a.WindowStart, a.ModelName, a.Version)));
        Assert.Equal(0.25, firing.Single(a => a.Metric == AlertMetrics.DriftShare).Value, 6);
        Assert.Empty(await client.GetAlertsAsync(deployment, AlertStates.Resolved));
    }

    private static int Predicted(InferenceResult answer)
    {
        var scores = answer.GetOutput(ClassifierModel.ProbabilitiesName).GetData<float>();
        return Array.IndexOf(scores, scores.Max());
    }

    /// <summary>Waits for a window to start, then sends every row as one request within it, four at a time.</summary>
    private static async Task<(DateTimeOffset Start, IReadOnlyList<InferenceResult> Answers)> SendInOneWindowAsync(
        MlopsClient client, string deployment, IReadOnlyList<float[]> rows)
    {
        // A window at least 1.5 s away: monitoring settings saved just before reach every replica within about a second.
        var now = DateTimeOffset.UtcNow;
        var start = DateTimeOffset.FromUnixTimeSeconds((now.AddSeconds(1.5).ToUnixTimeSeconds() / WindowSeconds * WindowSeconds) + WindowSeconds);
        await Task.Delay(start - now + TimeSpan.FromMilliseconds(50));
        var answers = new InferenceResult[rows.Count];
        await Parallel.ForAsync(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            answers[i] = await client.InferAsync(deployment, [InferenceTensor.Fp32(ClassifierModel.InputName, rows[i], 1, rows[i].Length)], cancellationToken: ct));
        Assert.True(DateTimeOffset.UtcNow < start.AddSeconds(WindowSeconds), "The traffic took longer than one window; the test machine is too slow for this window length.");
        return (start, answers);
    }

    /// <summary>The prediction log is written in the background: ids not logged yet come back unknown and are sent again.</summary>
    private static async Task<int> SubmitUntilLoggedAsync(MlopsClient client, string deployment, IReadOnlyList<LabelFeedback> labels)
    {
        var matched = 0;
        var pending = labels;
        for (var attempt = 0; attempt < 100 && pending.Count > 0; attempt++)
        {
            var outcome = await client.SubmitFeedbackAsync(deployment, pending);
            matched += outcome.Matched;
            var unknown = outcome.Unknown.ToHashSet();
            pending = [.. pending.Where(l => unknown.Contains(l.PredictionId))];
            await Task.Delay(pending.Count > 0 ? 200 : 0);
        }

        return matched;
    }

    private static async Task<MonitoringWindow> WaitForClosedWindowAsync(MlopsClient client, string deployment, DateTimeOffset start)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.GetWindowsAsync(deployment, start, start.AddSeconds(1))).SingleOrDefault() is { Closed: true } window)
            {
                return window;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The window starting {start.ToString("O", CultureInfo.InvariantCulture)} never closed.");
    }

    private static async Task<IReadOnlyList<Alert>> WaitForAlertsAsync(MlopsClient client, string deployment, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<Alert> firing = [];
        while (DateTime.UtcNow < deadline && firing.Count < count)
        {
            firing = await client.GetAlertsAsync(deployment, AlertStates.Firing);
            await Task.Delay(firing.Count < count ? 200 : 0);
        }

        return firing;
    }
}
