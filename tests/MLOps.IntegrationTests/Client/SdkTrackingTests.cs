using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using MLOps.Client;
using MLOps.IntegrationTests.Fixtures;
using MLOps.IntegrationTests.Storage;

namespace MLOps.IntegrationTests.Client;

/// <summary>The SDK's tracking path: background batching, retries with the same batch id, refusals and streamed artifacts.</summary>
[Collection(RegistryCollection.Name)]
public sealed class SdkTrackingTests(ServerFixture fixture)
{
    [Fact]
    public async Task ThousandsOfMetricPointsLoggedWithoutWaitingAllArriveThroughBoundedBackgroundBatches()
    {
        // A queue smaller than what is logged: LogMetric has to wait for the sender now and then.
        await using var client = new MlopsClient(fixture.Client, new MlopsClientOptions { LogQueueCapacity = 1500 });
        var experiment = await client.CreateExperimentAsync("sdk-" + Guid.NewGuid().ToString("N"), new Dictionary<string, string> { ["team"] = "sdk" });
        await using var run = await client.StartRunAsync(experiment.Id, "batched", new Dictionary<string, string> { ["kind"] = "test" });
        run.LogParam("lr", 0.01);
        run.LogParams([new("depth", "6"), new("optimizer", "sgd")]);
        run.SetTag("stage", "training");
        for (var step = 0; step < 5000; step++)
        {
            run.LogMetric("loss", 1.0 / (step + 1), step);
            if (step % 10 == 0)
            {
                await run.LogMetricAsync("accuracy", step / 5000.0, step);
            }
        }

        await run.EndAsync();

        var loss = await client.GetMetricHistoryAsync(run.Id, "loss", maxPoints: 10);
        Assert.Equal(5000, loss.TotalPoints);
        Assert.Equal(500, (await client.GetMetricHistoryAsync(run.Id, "accuracy")).TotalPoints);
        var saved = await client.GetRunAsync(run.Id);
        Assert.NotNull(saved);
        Assert.Equal(RunStatuses.Finished, saved.Status);
        Assert.NotNull(saved.EndTime);
        Assert.Equal("0.01", saved.Params["lr"]);
        Assert.Equal("sgd", saved.Params["optimizer"]);
        Assert.Equal("training", saved.Tags["stage"]);
        Assert.Equal(4999, saved.Metrics.Single(m => m.Key == "loss").Step);
        Assert.True(run.IsEnded);
        Assert.Throws<InvalidOperationException>(() => run.LogMetric("late", 1));
    }

    [Fact]
    public async Task ABatchWhoseAnswerIsLostIsRetriedWithTheSameIdAndAppliedOnlyOnce()
    {
        using var handler = new LoseFirstBatchAnswerHandler();
        using var http = new HttpClient(handler) { BaseAddress = fixture.Client.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Server.AdminKey);
        await using var client = new MlopsClient(http, new MlopsClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        var experiment = await client.GetOrCreateExperimentAsync("sdk-retry-" + Guid.NewGuid().ToString("N"));

        await using (var run = await client.StartRunAsync(experiment.Id))
        {
            for (var step = 0; step < 1500; step++)
            {
                run.LogMetric("loss", step, step);
            }

            await run.FlushAsync();
            Assert.Equal(1500, (await client.GetMetricHistoryAsync(run.Id, "loss")).TotalPoints);
            var ids = handler.BatchIds.ToArray();
            Assert.True(ids.Length >= 3, $"Expected a retry and a second batch; saw {ids.Length} posts.");
            Assert.Equal(ids[0], ids[1]);
            Assert.Equal(ids.Length - 1, ids.Distinct().Count());
        }

        Assert.Equal(experiment.Id, (await client.GetOrCreateExperimentAsync(experiment.Name)).Id);
    }

    [Fact]
    public async Task ARefusedBatchSurfacesAsAConflictOnFlushAndTheRunCarriesOn()
    {
        await using var client = new MlopsClient(fixture.Client);
        var experiment = await client.CreateExperimentAsync("sdk-conflict-" + Guid.NewGuid().ToString("N"));
        await using var run = await client.StartRunAsync(experiment.Id, "conflicting");
        run.LogParam("lr", "0.1");
        await run.FlushAsync();

        run.LogParam("lr", "0.2");
        var refused = await Assert.ThrowsAsync<MlopsException>(() => run.FlushAsync());
        Assert.Equal(MlopsErrorCodes.Conflict, refused.Code);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("'lr'", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.IsTransient);

        run.LogMetric("after", 1.5, 1);
        await run.EndAsync(RunStatuses.Failed);
        var saved = await client.GetRunAsync(run.Id);
        Assert.Equal("0.1", saved!.Params["lr"]);
        Assert.Equal(RunStatuses.Failed, saved.Status);
        Assert.Equal(1.5, saved.Metrics.Single(m => m.Key == "after").Value);
        var duplicate = await Assert.ThrowsAsync<MlopsException>(() => client.CreateExperimentAsync(experiment.Name));
        Assert.Equal(MlopsErrorCodes.Conflict, duplicate.Code);
    }

    [Fact]
    public async Task ArtifactsStreamUpAndDownAndTheirHashesAreChecked()
    {
        await using var client = new MlopsClient(fixture.Client);
        var experiment = await client.CreateExperimentAsync("sdk-artifacts-" + Guid.NewGuid().ToString("N"));
        await using var run = await client.StartRunAsync(experiment.Id);
        var content = new byte[6 * 1024 * 1024 + 123];
        new Random(5).NextBytes(content);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var reported = new List<TransferProgress>();

        // A stream that cannot tell its length or rewind: the SDK has to stream it, not buffer it.
        var logged = await run.LogArtifactAsync(new NonSeekableStream(new MemoryStream(content)), "data/blob.bin", new SyncProgress(reported));
        Assert.Equal(("data/blob.bin", sha256, (long)content.Length), (logged.Path, logged.Sha256, logged.SizeBytes));
        Assert.Equal(content.Length, reported[^1].BytesTransferred);
        Assert.Contains(await client.ListRunArtifactsAsync(run.Id, "data"), f => f.Path == "data/blob.bin" && f.Sha256 == sha256);

        using var downloaded = new MemoryStream();
        var received = await client.DownloadRunArtifactAsync(run.Id, "data/blob.bin", downloaded);
        Assert.Equal(sha256, received.Sha256);
        Assert.Equal(content, downloaded.ToArray());

        var local = Path.Combine(Path.GetTempPath(), "sdk-" + Guid.NewGuid().ToString("N"));
        try
        {
            await File.WriteAllBytesAsync(local, content);
            var stored = await client.UploadArtifactAsync(local);
            Assert.Equal(sha256, stored.Sha256);
            Assert.Equal(content.Length, (await client.GetArtifactInfoAsync(sha256))!.SizeBytes);
            File.Delete(local);
            await client.DownloadArtifactAsync(sha256, local);
            Assert.Equal(content, await File.ReadAllBytesAsync(local));
        }
        finally
        {
            File.Delete(local);
        }

        Assert.Null(await client.GetArtifactInfoAsync(new string('0', 64)));
        var missing = await Assert.ThrowsAsync<MlopsException>(() => client.DownloadRunArtifactAsync(run.Id, "nothing/here.bin", Stream.Null));
        Assert.Equal(MlopsErrorCodes.NotFound, missing.Code);
    }

    /// <summary>Records progress on the reporting thread (System.Progress would post it later).</summary>
    private sealed class SyncProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reports.Add(value);
    }
}
