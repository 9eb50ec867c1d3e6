using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Tracking;

/// <summary>Experiments, runs, logBatch (GraphQL and REST), limits, idempotency, history, compare and lineage.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TrackingFlowTests(ServerFixture fixture)
{
    private const string CreateExperiment = "mutation($n: String!) { createExperiment(name: $n) { id name lifecycle } }";
    private const string StartRun = "mutation($e: ID!, $n: String) { startRun(experimentId: $e, name: $n) { id status } }";

    [Fact]
    public async Task ExperimentNamesAreUniqueBoundedAndSurviveSoftDeletion()
    {
        var name = "exp-" + Guid.NewGuid().ToString("N");
        var id = (await fixture.Client.DataAsync(CreateExperiment, new { n = name })).GetProperty("createExperiment").GetProperty("id").GetString();

        Assert.Equal("CONFLICT", (await fixture.Client.ErrorAsync(CreateExperiment, new { n = name })).Code);
        var tooLong = await fixture.Client.ErrorAsync(CreateExperiment, new { n = new string('x', 501) });
        Assert.Equal("VALIDATION", tooLong.Code);
        Assert.Contains("500", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal("ACTIVE", (await fixture.Client.DataAsync(CreateExperiment, new { n = Guid.NewGuid().ToString("N") + new string('y', 468) }))
            .GetProperty("createExperiment").GetProperty("lifecycle").GetString());

        var deleted = await fixture.Client.DataAsync("mutation($e: ID!) { deleteExperiment(experimentId: $e) { lifecycle deletedAt } }", new { e = id });
        Assert.Equal("DELETED", deleted.GetProperty("deleteExperiment").GetProperty("lifecycle").GetString());
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync(StartRun, new { e = id, n = "late" })).Code);
        Assert.Equal("CONFLICT", (await fixture.Client.ErrorAsync(CreateExperiment, new { n = name })).Code);
        var listed = await fixture.Client.DataAsync("{ experiments { name } }");
        Assert.DoesNotContain(listed.GetProperty("experiments").EnumerateArray(), e => e.GetProperty("name").GetString() == name);

        await fixture.Client.DataAsync("mutation($e: ID!) { restoreExperiment(experimentId: $e) { lifecycle } }", new { e = id });
        Assert.Equal("RUNNING", (await fixture.Client.DataAsync(StartRun, new { e = id, n = "after-restore" })).GetProperty("startRun").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ABatchIsAppliedOnceAllOrNothingAndParamsAreImmutable()
    {
        var run = await NewRunAsync();
        var batchId = Guid.NewGuid().ToString("N");
        var metrics = Enumerable.Range(0, 1000).Select(i => new { key = "loss", value = 1.0 / (i + 1), step = i, timestamp = 1_700_000_000_000L + i }).ToArray();
        var body = new { batch_id = batchId, metrics, @params = new[] { new { key = "lr", value = "0.01" } }, tags = new[] { new { key = "team", value = "fraud" } } };

        var first = await PostBatchAsync(run, body);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.True(first.Body.GetProperty("applied").GetBoolean());
        Assert.Equal(1000, first.Body.GetProperty("metrics").GetInt32());

        var retried = await PostBatchAsync(run, body);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.False(retried.Body.GetProperty("applied").GetBoolean());
        Assert.Equal(1000, await TotalPointsAsync(run, "loss"));

        // A different value for an existing param refuses the whole batch: its metrics are not written either.
        var conflicting = await PostBatchAsync(run, new
        {
            batch_id = Guid.NewGuid().ToString("N"),
            metrics = new[] { new { key = "loss", value = 0.5, step = 5000, timestamp = 1_700_000_100_000L } },
            @params = new[] { new { key = "lr", value = "0.02" } },
            tags = Array.Empty<object>(),
        });
        Assert.Equal(HttpStatusCode.Conflict, conflicting.Status);
        Assert.Equal("CONFLICT", conflicting.Body.GetProperty("code").GetString());
        Assert.Contains("'lr'", conflicting.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1000, await TotalPointsAsync(run, "loss"));

        // The same value again is fine; the latest metric is the highest step.
        var same = await PostBatchAsync(run, new { metrics = Array.Empty<object>(), @params = new[] { new { key = "lr", value = "0.01" } } });
        Assert.Equal(HttpStatusCode.OK, same.Status);
        var details = await fixture.Client.DataAsync("query($id: ID!) { run(id: $id) { params { key value } tags { key value } metrics { key value step } } }", new { id = run });
        var latest = Assert.Single(details.GetProperty("run").GetProperty("metrics").EnumerateArray());
        Assert.Equal(999, latest.GetProperty("step").GetInt64());
        Assert.Equal(1.0 / 1000, latest.GetProperty("value").GetDouble(), 12);
        Assert.Equal("0.01", Assert.Single(details.GetProperty("run").GetProperty("params").EnumerateArray()).GetProperty("value").GetString());
    }

    [Theory]
    [InlineData(1001, 0, 0, "1000 metrics")]
    [InlineData(0, 101, 0, "100 params")]
    [InlineData(0, 0, 101, "100 tags")]
    public async Task EachBatchLimitIsRefusedWithAMessageNamingIt(int metrics, int parameters, int tags, string named)
    {
        var run = await NewRunAsync();
        var result = await PostBatchAsync(run, new
        {
            metrics = Enumerable.Range(0, metrics).Select(i => new { key = "m", value = 1.0, step = i }).ToArray(),
            @params = Enumerable.Range(0, parameters).Select(i => new { key = $"p{i}", value = "v" }).ToArray(),
            tags = Enumerable.Range(0, tags).Select(i => new { key = $"t{i}", value = "v" }).ToArray(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("LIMIT_EXCEEDED", result.Body.GetProperty("code").GetString());
        Assert.Contains(named, result.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await TotalPointsAsync(run, "m"));
    }

    [Fact]
    public async Task BadBatchesAreRefusedWithCodesAndNothingIsWritten()
    {
        var run = await NewRunAsync();
        Assert.Equal("VALIDATION", (await PostBatchAsync(run, new { metrics = new[] { new { key = "bad\u0001key", value = 1.0 } } })).Body.GetProperty("code").GetString());
        Assert.Equal("VALIDATION", (await PostBatchAsync(run, new { metrics = new[] { new { key = new string('k', 251), value = 1.0 } } })).Body.GetProperty("code").GetString());
        Assert.Equal("VALIDATION", (await PostBatchAsync(run, new { unknown_field = 1 })).Body.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await PostBatchAsync(Guid.NewGuid().ToString("N"), new { metrics = Array.Empty<object>() })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostBatchAsync("not-a-run", new { metrics = Array.Empty<object>() })).Status);
        // Expect: 100-continue, as curl sends for large bodies: the refusal comes before the body is uploaded.
        using (var tooLarge = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{run}/batch")
        {
            Content = JsonContent.Create(new { tags = new[] { new { key = "blob", value = new string('x', 5 * 1024 * 1024) } } }),
        })
        {
            tooLarge.Headers.ExpectContinue = true;
            tooLarge.Content.Headers.ContentLength = (await tooLarge.Content.ReadAsByteArrayAsync()).Length;
            using var refused = await fixture.Client.SendAsync(tooLarge);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Contains("LIMIT_EXCEEDED", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var malformed = await fixture.Client.PostAsync($"/api/runs/{run}/batch", new StringContent("{\"metrics\": [", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var reader = fixture.Server.CreateClientWithKey(await fixture.Client.CreateKeyAsync("rita", "reader"));
        using var forbidden = await reader.PostAsJsonAsync($"/api/runs/{run}/batch", new { metrics = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var details = await fixture.Client.DataAsync("query($id: ID!) { run(id: $id) { metrics { key } } }", new { id = run });
        Assert.Empty(details.GetProperty("run").GetProperty("metrics").EnumerateArray());
    }

    [Fact]
    public async Task TheGraphQLMutationLogsTheSameWayAndRunsEndWithAStatus()
    {
        var run = await NewRunAsync();
        var outcome = await fixture.Client.DataAsync("""
            mutation($r: ID!) { logBatch(runId: $r, batchId: "b1", metrics: [{ key: "acc", value: 0.5, step: 1 }, { key: "acc", value: 0.7, step: 2 }], params: [{ key: "depth", value: "6" }]) { applied metrics params tags } }
            """, new { r = run });
        Assert.True(outcome.GetProperty("logBatch").GetProperty("applied").GetBoolean());
        Assert.Equal(2, outcome.GetProperty("logBatch").GetProperty("metrics").GetInt32());
        var again = await fixture.Client.DataAsync("""
            mutation($r: ID!) { logBatch(runId: $r, batchId: "b1", metrics: [{ key: "acc", value: 0.5, step: 1 }]) { applied } }
            """, new { r = run });
        Assert.False(again.GetProperty("logBatch").GetProperty("applied").GetBoolean());

        var ended = await fixture.Client.DataAsync("mutation($r: ID!) { setRunStatus(runId: $r, status: \"FINISHED\") { status endTime } }", new { r = run });
        Assert.Equal("FINISHED", ended.GetProperty("setRunStatus").GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("setRunStatus").GetProperty("endTime").ValueKind);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync("mutation($r: ID!) { setRunStatus(runId: $r, status: \"DONE\") { status } }", new { r = run })).Code);
    }

    [Fact]
    public async Task MetricHistoryIsDownsampledKeepingEachBucketsMinAndMax()
    {
        var run = await NewRunAsync();
        var random = new Random(7);
        var values = Enumerable.Range(0, 6000).Select(i => Math.Sin(i / 50.0) + (random.NextDouble() * 0.1)).ToArray();
        values[1234] = 50;
        values[4321] = -50;
        for (var start = 0; start < values.Length; start += 1000)
        {
            var result = await PostBatchAsync(run, new { metrics = Enumerable.Range(start, 1000).Select(i => new { key = "signal", value = values[i], step = i }).ToArray() });
            Assert.Equal(HttpStatusCode.OK, result.Status);
        }

        var history = (await fixture.Client.DataAsync(
            "query($id: ID!) { run(id: $id) { metricHistory(key: \"signal\", maxPoints: 100) { totalPoints downsampled points { step value } } } }",
            new { id = run })).GetProperty("run").GetProperty("metricHistory");
        var points = history.GetProperty("points").EnumerateArray().Select(p => (Step: p.GetProperty("step").GetInt64(), Value: p.GetProperty("value").GetDouble())).ToArray();

        Assert.Equal(6000, history.GetProperty("totalPoints").GetInt64());
        Assert.True(history.GetProperty("downsampled").GetBoolean());
        Assert.InRange(points.Length, 2, 100);
        Assert.Contains((1234L, 50.0), points);
        Assert.Contains((4321L, -50.0), points);
        Assert.All(points, p => Assert.Equal(values[p.Step], p.Value));

        // Every bucket of the step range (50 buckets, as PostgreSQL's width_bucket cuts them) keeps its exact min and max.
        for (var bucket = 0; bucket < 50; bucket++)
        {
            var inBucket = Enumerable.Range(0, 6000).Where(i => (int)Math.Floor(i * 50.0 / 6000) == bucket).ToArray();
            Assert.Contains(points, p => p.Value == inBucket.Min(i => values[i]));
            Assert.Contains(points, p => p.Value == inBucket.Max(i => values[i]));
        }
    }

    [Fact]
    public async Task RunsAreComparedSideBySideAndAModelRegisteredFromARunCarriesItsLineage()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        await PostBatchAsync(first, new { metrics = new[] { new { key = "auc", value = 0.91 } }, @params = new[] { new { key = "lr", value = "0.1" }, new { key = "depth", value = "6" } } });
        await PostBatchAsync(second, new { metrics = new[] { new { key = "auc", value = 0.93 } }, @params = new[] { new { key = "lr", value = "0.05" }, new { key = "depth", value = "6" } } });

        var comparison = (await fixture.Client.DataAsync(
            "query($ids: [ID!]!) { compareRuns(runIds: $ids) { params { key values differs } metrics { key values differs } } }",
            new { ids = new[] { first, second } })).GetProperty("compareRuns");
        var parameters = comparison.GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p);
        Assert.True(parameters["lr"].GetProperty("differs").GetBoolean());
        Assert.False(parameters["depth"].GetProperty("differs").GetBoolean());
        Assert.Equal(["0.1", "0.05"], parameters["lr"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));

        var model = OnnxTestModels.Linear(4, 1, seed: 61).ToBytes();
        using (var upload = await fixture.Client.PutAsync($"/api/runs/{second}/artifacts/model/model.onnx", new ByteArrayContent(model)))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        Assert.Equal(model, await fixture.Client.GetByteArrayAsync($"/api/runs/{second}/artifacts/model/model.onnx"));
        using (var traversal = await fixture.Client.PutAsync($"/api/runs/{second}/artifacts/model//escape", new ByteArrayContent([1])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, traversal.StatusCode);
        }

        await fixture.Client.DataAsync("mutation($i: ID!) { logInputs(runId: $i, datasets: [{ name: \"train\", digest: \"abc123\", source: \"s3://b/train.csv\", context: \"training\" }]) { id } }", new { i = second });
        var name = "from-run-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
        var version = (await fixture.Client.DataAsync(
            "mutation($n: String!, $r: ID!) { registerModelVersionFromRun(modelName: $n, runId: $r, artifactPath: \"model/model.onnx\") { version status } }",
            new { n = name, r = second })).GetProperty("registerModelVersionFromRun");
        Assert.Equal("READY", version.GetProperty("status").GetString());
        var body = await fixture.Client.QueryAsync("query($n: String!) { model(name: $n) { versions { lineage { sourceRunId datasetDigests } } } }", new { n = name });
        Assert.Contains(second, body.ToString(), StringComparison.Ordinal);
        Assert.Contains("abc123", body.ToString(), StringComparison.Ordinal);
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync(
            "mutation($n: String!, $r: ID!) { registerModelVersionFromRun(modelName: $n, runId: $r, artifactPath: \"missing.onnx\") { version } }",
            new { n = name, r = second })).Code);
    }

    [Fact]
    public async Task RunsAreFoundByASearchWithOrAndPagedInOrder()
    {
        var experiment = (await fixture.Client.DataAsync(CreateExperiment, new { n = "search-" + Guid.NewGuid().ToString("N") })).GetProperty("createExperiment").GetProperty("id").GetString();
        var runs = new List<(string Id, double Auc, string Optimizer)>();
        for (var i = 0; i < 6; i++)
        {
            var id = (await fixture.Client.DataAsync(StartRun, new { e = experiment, n = $"r{i}" })).GetProperty("startRun").GetProperty("id").GetString()!;
            var optimizer = i % 2 == 0 ? "adam" : "sgd";
            var auc = 0.80 + (i * 0.03);
            await PostBatchAsync(id, new { metrics = new[] { new { key = "auc", value = auc } }, @params = new[] { new { key = "optimizer", value = optimizer } } });
            runs.Add((id, auc, optimizer));
        }

        const string Search = """
            query($e: ID!, $f: String, $after: String) { searchRuns(experimentIds: [$e], filter: $f, orderBy: ["metrics.auc DESC"], first: 2, after: $after) { runs { id } nextPageToken } }
            """;
        var found = new List<string>();
        string? after = null;
        do
        {
            var page = (await fixture.Client.DataAsync(Search, new { e = experiment, f = "metrics.auc >= 0.9 OR params.optimizer = 'adam'", after })).GetProperty("searchRuns");
            found.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            after = page.GetProperty("nextPageToken").GetString();
        }
        while (after is not null);

        var expected = runs.Where(r => r.Auc >= 0.9 || r.Optimizer == "adam").OrderByDescending(r => r.Auc).Select(r => r.Id).ToArray();
        Assert.Equal(expected, found);

        var malformed = await fixture.Client.ErrorAsync(Search, new { e = experiment, f = "metrics.auc >> 0.9", after = (string?)null });
        Assert.Equal("VALIDATION", malformed.Code);
        Assert.Contains("position", malformed.Message, StringComparison.Ordinal);
        var injected = await fixture.Client.DataAsync(Search, new { e = experiment, f = "params.optimizer = 'adam''; DROP TABLE runs; --'", after = (string?)null });
        Assert.Empty(injected.GetProperty("searchRuns").GetProperty("runs").EnumerateArray());
        Assert.Equal(2, (await fixture.Client.DataAsync(Search, new { e = experiment, f = (string?)null, after = (string?)null })).GetProperty("searchRuns").GetProperty("runs").GetArrayLength());
    }

    private async Task<string> NewRunAsync()
    {
        var experiment = (await fixture.Client.DataAsync(CreateExperiment, new { n = "exp-" + Guid.NewGuid().ToString("N") })).GetProperty("createExperiment").GetProperty("id").GetString();
        return (await fixture.Client.DataAsync(StartRun, new { e = experiment, n = "run" })).GetProperty("startRun").GetProperty("id").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostBatchAsync(string run, object body)
    {
        using var response = await fixture.Client.PostAsJsonAsync($"/api/runs/{run}/batch", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<long> TotalPointsAsync(string run, string key) =>
        (await fixture.Client.DataAsync("query($id: ID!, $k: String!) { run(id: $id) { metricHistory(key: $k) { totalPoints } } }", new { id = run, k = key }))
            .GetProperty("run").GetProperty("metricHistory").GetProperty("totalPoints").GetInt64();
}
