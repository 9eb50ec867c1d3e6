using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Serving;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Serving;

/// <summary>Deployments: routing, canary, shadow, hot swap and alias following, over the V2 protocol.</summary>
[Collection(RegistryCollection.Name)]
public sealed class DeploymentServingTests(ServerFixture fixture)
{
    private const string Create = """
        mutation($n: String!, $r: [RouteInput!]!) { createDeployment(name: $n, routes: $r, batching: { maxBatchSize: 16, maxQueueDelayMicroseconds: 500 }) { name revision } }
        """;

    private const string Update = "mutation($n: String!, $r: [RouteInput!]!) { updateDeployment(name: $n, routes: $r) { revision } }";

    [Fact]
    public async Task ADeploymentServesItsVersionAndACanarySplitsTrafficByWeight()
    {
        var (model, first, second) = await ModelWithTwoVersionsAsync();
        var deployment = "dep-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.DataAsync(Create, new { n = deployment, r = new[] { new { modelName = model, version = 1 } } });
        await WaitForVersionAsync(deployment, "1");

        using var one = await InferAsync(deployment, [1, 2, 3, 4]);
        var values = one.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(first.Predict([1, 2, 3, 4])[0], values[0], 4);
        Assert.Equal(deployment, one.RootElement.GetProperty("model_name").GetString());

        await fixture.Client.DataAsync(Update, new { n = deployment, r = new object[] { new { modelName = model, version = 1, weight = 90.0 }, new { modelName = model, version = 2, weight = 10.0 } } });
        await WaitForVersionAsync(deployment, "2");
        var counts = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            using var body = await InferAsync(deployment, [1, 2, 3, 4]);
            counts.AddOrUpdate(body.RootElement.GetProperty("model_version").GetString()!, 1, (_, c) => c + 1);
        });

        // Binomial(1000, 0.1): standard deviation 9.5, so 4 sigma is about 38.
        Assert.InRange(counts.GetValueOrDefault("2"), 62, 138);
        Assert.Equal(1000, counts.Values.Sum());
        var keyed = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            using var body = await InferAsync(deployment, [1, 2, 3, 4], routingKey: "customer-42");
            keyed.Add(body.RootElement.GetProperty("model_version").GetString()!);
        }

        Assert.Single(keyed);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task AFailingShadowNeverTouchesThePrimaryAnswer()
    {
        var (model, _, _) = await ModelWithTwoVersionsAsync();
        var other = await RegisterAsync(OnnxTestModels.Linear(7, 1, seed: 33).ToBytes());
        var deployment = "shadow-" + Guid.NewGuid().ToString("N")[..8];
        var shadows = fixture.Server.Services.GetRequiredService<ShadowRunner>();
        var failedBefore = shadows.Failed;
        await fixture.Client.DataAsync(Create, new
        {
            n = deployment,
            r = new object[] { new { modelName = model, version = 1 }, new { modelName = model, version = 2, mode = "SHADOW" }, new { modelName = other, version = 1, mode = "SHADOW" } },
        });
        await WaitForVersionAsync(deployment, "1");

        for (var i = 0; i < 20; i++)
        {
            using var body = await InferAsync(deployment, [1, 2, 3, 4]);
            Assert.Equal("1", body.RootElement.GetProperty("model_version").GetString());
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (shadows.Failed - failedBefore < 20 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(shadows.Failed - failedBefore >= 20, "The incompatible shadow's failures were not counted.");
        Assert.True(shadows.Succeeded > 0);
    }

    [Fact]
    public async Task RoutesChangeUnderContinuousLoadWithoutAFailedRequestAndAliasRoutesFollowTheAlias()
    {
        var (model, _, _) = await ModelWithTwoVersionsAsync();
        await fixture.Client.DataAsync("mutation($n: String!) { setModelAlias(modelName: $n, alias: \"champion\", version: 1) { version } }", new { n = model });
        var deployment = "swap-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.DataAsync(Create, new { n = deployment, r = new[] { new { modelName = model, alias = "champion" } } });
        await WaitForVersionAsync(deployment, "1");

        var failures = 0;
        var seen = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await fixture.Client.PostAsJsonAsync($"/v2/models/{deployment}/infer", Request([1, 2, 3, 4], null));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                seen.AddOrUpdate(body.RootElement.GetProperty("model_version").GetString()!, 1, (_, c) => c + 1);
            }
        })).ToList();

        await Task.Delay(300);
        await fixture.Client.DataAsync("mutation($n: String!) { setModelAlias(modelName: $n, alias: \"champion\", version: 2) { version } }", new { n = model });
        await WaitForVersionAsync(deployment, "2");
        await Task.Delay(300);
        await fixture.Client.DataAsync(Update, new { n = deployment, r = new[] { new { modelName = model, version = 1 } } });
        await WaitForVersionAsync(deployment, "1");
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Equal(0, failures);
        Assert.True(seen.GetValueOrDefault("2") > 0, "No request was served by version 2 after the alias moved.");
        var history = await fixture.Client.DataAsync("query($n: String!) { deployment(name: $n) { revision history { revision } } }", new { n = deployment });
        Assert.Equal(2, history.GetProperty("deployment").GetProperty("revision").GetInt32());
        Assert.Equal(2, history.GetProperty("deployment").GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task InvalidDeploymentsAreRefusedWithTheirCodes()
    {
        var (model, _, _) = await ModelWithTwoVersionsAsync();
        var failed = await RegisterAsync(OnnxTestModels.Corrupt());
        using var reader = fixture.Server.CreateClientWithKey(await fixture.Client.CreateKeyAsync("rob", "reader"));

        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Create, new { n = "Bad_Name", r = new[] { new { modelName = model, version = 1 } } })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Create, new { n = "only-shadow", r = new[] { new { modelName = model, version = 1, mode = "SHADOW" } } })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Create, new { n = "failed-version", r = new[] { new { modelName = failed, version = 1 } } })).Code);
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync(Create, new { n = "no-model", r = new[] { new { modelName = "nope-" + Guid.NewGuid().ToString("N"), version = 1 } } })).Code);
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync(Create, new { n = "no-version", r = new[] { new { modelName = model, version = 9 } } })).Code);
        Assert.Equal("FORBIDDEN", (await reader.ErrorAsync(Create, new { n = "by-reader", r = new[] { new { modelName = model, version = 1 } } })).Code);
    }

    private async Task<(string Model, LinearModel First, LinearModel Second)> ModelWithTwoVersionsAsync()
    {
        var first = OnnxTestModels.Linear(4, 1, seed: 31);
        var second = OnnxTestModels.Linear(4, 1, seed: 32);
        var name = await RegisterAsync(first.ToBytes());
        var sha = await fixture.Client.UploadAsync(second.ToBytes());
        await fixture.Client.DataAsync("mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }", new { n = name, s = sha });
        return (name, first, second);
    }

    private async Task<string> RegisterAsync(byte[] model)
    {
        var name = "deployed-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
        var sha = await fixture.Client.UploadAsync(model);
        await fixture.Client.DataAsync("mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }", new { n = name, s = sha });
        return name;
    }

    /// <summary>Waits until the deployment answers from this version (the route table refreshed).</summary>
    private async Task WaitForVersionAsync(string deployment, string version)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await fixture.Client.PostAsJsonAsync($"/v2/models/{deployment}/infer", Request([1, 2, 3, 4], null));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (body.RootElement.GetProperty("model_version").GetString() == version)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Deployment {deployment} never served version {version}.");
    }

    private async Task<JsonDocument> InferAsync(string deployment, float[] row, string? routingKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{deployment}/infer") { Content = JsonContent.Create(Request(row, null)) };
        if (routingKey is not null)
        {
            request.Headers.Add("X-Routing-Key", routingKey);
        }

        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static object Request(float[] row, string? id) =>
        new { id = id ?? Guid.NewGuid().ToString("N"), inputs = new[] { new { name = "input", shape = new[] { 1, row.Length }, datatype = "FP32", data = row } } };
}
