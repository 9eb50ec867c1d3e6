using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;
using Xunit.Abstractions;

namespace MLOps.IntegrationTests.Serving;

/// <summary>
/// Two real server processes in one cluster: a route change made through one replica reaches the other's
/// route table through the registry stream, under continuous load on both, with no failed request.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ReplicaRoutingTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    private const string Update = "mutation($n: String!, $r: [RouteInput!]!) { updateDeployment(name: $n, routes: $r) { revision } }";

    [Fact]
    public async Task ARouteChangedOnOneReplicaIsServedByTheOtherUnderLoadWithoutAFailedRequest()
    {
        var database = await infrastructure.CreateDatabaseAsync("replicas");
        var clusterId = "replicas-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = ServerProcess.Start("replica-0", database, infrastructure.ArtifactsConnectionString, clusterId);
        await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        await using var second = ServerProcess.Start("replica-1", database, infrastructure.ArtifactsConnectionString, clusterId);
        await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        using var onFirst = first.CreateClient();
        using var onSecond = second.CreateClient();

        var model = "replicated-" + Guid.NewGuid().ToString("N")[..8];
        await onFirst.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = model });
        foreach (var seed in new[] { 41, 42 })
        {
            var sha = await onFirst.UploadAsync(OnnxTestModels.Linear(4, 1, seed: seed).ToBytes());
            await onFirst.DataAsync(
                "mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }",
                new { n = model, s = sha });
        }

        var deployment = "spread-" + Guid.NewGuid().ToString("N")[..8];
        await onFirst.DataAsync(
            "mutation($n: String!, $r: [RouteInput!]!) { createDeployment(name: $n, routes: $r) { revision } }",
            new { n = deployment, r = new[] { new { modelName = model, version = 1 } } });
        await WaitForVersionAsync(onSecond, deployment, "1", TimeSpan.FromSeconds(30));
        await WaitForVersionAsync(onFirst, deployment, "1", TimeSpan.FromSeconds(30));

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var servedBySecond = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var load = new[] { onFirst, onFirst, onSecond, onSecond }.Select((client, worker) => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, version, body) = await InferAsync(client, deployment);
                if (status != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{(int)status}: {body}");
                }
                else if (worker >= 2)
                {
                    servedBySecond.AddOrUpdate(version!, 1, (_, count) => count + 1);
                }
            }
        })).ToList();

        await Task.Delay(500);
        await onFirst.DataAsync(Update, new { n = deployment, r = new[] { new { modelName = model, version = 2 } } });
        var changed = Stopwatch.StartNew();
        await WaitForVersionAsync(onSecond, deployment, "2", TimeSpan.FromSeconds(30));
        var propagation = changed.Elapsed;
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        output.WriteLine($"The route change reached the other replica's answers {propagation.TotalMilliseconds:N0} ms after the mutation returned.");
        Assert.Empty(failures);
        Assert.True(servedBySecond.GetValueOrDefault("1") > 0, "The second replica served nothing before the change.");
        Assert.True(servedBySecond.GetValueOrDefault("2") > 0, "The second replica never served version 2 under load.");
        Assert.False(first.HasExited || second.HasExited);
    }

    private static async Task WaitForVersionAsync(HttpClient client, string deployment, string version, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var (status, served, body) = await InferAsync(client, deployment);
            if (status == HttpStatusCode.OK && served == version)
            {
                return;
            }

            last = $"{(int)status} {body}";
            await Task.Delay(20);
        }

        Assert.Fail($"{client.BaseAddress} never served version {version} of {deployment}; last answer: {last}");
    }

    private static async Task<(HttpStatusCode Status, string? Version, string Body)> InferAsync(HttpClient client, string deployment)
    {
        using var response = await client.PostAsJsonAsync($"/v2/models/{deployment}/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new float[] { 1, 2, 3, 4 } } },
        });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null, body);
        }

        using var document = JsonDocument.Parse(body);
        return (response.StatusCode, document.RootElement.GetProperty("model_version").GetString(), body);
    }
}
