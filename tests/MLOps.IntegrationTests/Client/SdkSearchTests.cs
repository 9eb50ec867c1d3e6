using MLOps.Client;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Client;

/// <summary>Run search through the SDK: MLflow filters with OR, ordering and page tokens.</summary>
[Collection(RegistryCollection.Name)]
public sealed class SdkSearchTests(ServerFixture fixture)
{
    [Fact]
    public async Task RunsAreSearchedWithAnOrFilterInOrderAcrossPages()
    {
        await using var client = new MlopsClient(fixture.Client);
        var experiment = await client.CreateExperimentAsync("sdk-search-" + Guid.NewGuid().ToString("N"));
        var ids = new Dictionary<string, string>();
        foreach (var (name, auc, optimizer) in new[] { ("a", 0.95, "sgd"), ("b", 0.85, "adam"), ("c", 0.91, "sgd"), ("d", 0.80, "sgd") })
        {
            await using var run = await client.StartRunAsync(experiment.Id, name);
            run.LogParam("optimizer", optimizer);
            run.LogMetric("auc", auc, 1);
            ids[name] = run.Id;
        }

        const string Filter = "metrics.auc > 0.9 OR params.optimizer = 'adam'";
        var found = new List<Run>();
        await foreach (var run in client.SearchRunsAsync([experiment.Id], Filter, ["metrics.auc DESC"], pageSize: 1))
        {
            found.Add(run);
        }

        Assert.Equal([ids["a"], ids["c"], ids["b"]], found.Select(r => r.Id));
        Assert.Equal(0.95, found[0].Metrics.Single(m => m.Key == "auc").Value);
        var first = await client.SearchRunsPageAsync([experiment.Id], Filter, ["metrics.auc DESC"], pageSize: 2);
        Assert.Equal(2, first.Runs.Count);
        Assert.NotNull(first.NextPageToken);
        var last = await client.SearchRunsPageAsync([experiment.Id], Filter, ["metrics.auc DESC"], pageSize: 2, pageToken: first.NextPageToken);
        Assert.Equal(ids["b"], Assert.Single(last.Runs).Id);
        Assert.Null(last.NextPageToken);

        var invalid = await Assert.ThrowsAsync<MlopsException>(() => client.SearchRunsPageAsync([experiment.Id], "metrics.auc >>> 1"));
        Assert.Equal(MlopsErrorCodes.Validation, invalid.Code);
    }
}
