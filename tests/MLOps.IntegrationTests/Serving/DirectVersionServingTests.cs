using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;
using MLOps.IntegrationTests.GraphQL.WebSockets;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Serving;

/// <summary>The Open Inference Protocol (V2 REST) against a registered version addressed by model name and version.</summary>
[Collection(RegistryCollection.Name)]
public sealed class DirectVersionServingTests(ServerFixture fixture)
{
    [Fact]
    public async Task ARegisteredVersionServesPredictionsEqualToTheModelsOwnMath()
    {
        var model = OnnxTestModels.Linear(4, 2, seed: 21);
        var name = await RegisterAsync(model.ToBytes());
        float[][] rows = [[1, 2, 3, 4], [0.5f, -1, 0, 2]];

        using var response = await fixture.Client.PostAsJsonAsync($"/v2/models/{name}/versions/1/infer", new
        {
            id = "req-1",
            inputs = new[] { new { name = "input", shape = new[] { 2, 4 }, datatype = "FP32", data = rows.SelectMany(r => r).ToArray() } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("req-1", body.RootElement.GetProperty("id").GetString());
        Assert.Equal(name, body.RootElement.GetProperty("model_name").GetString());
        Assert.Equal("1", body.RootElement.GetProperty("model_version").GetString());
        var output = body.RootElement.GetProperty("outputs")[0];
        Assert.Equal("output", output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal("[2,2]", output.GetProperty("shape").GetRawText());
        var values = output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var expected = rows.SelectMany(model.Predict).ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 4);
        }
    }

    [Fact]
    public async Task BinaryTensorDataGoesBothWaysOverHttpAndMatchesTheJsonAnswer()
    {
        var model = OnnxTestModels.Linear(4, 2, seed: 26);
        var name = await RegisterAsync(model.ToBytes());
        float[] values = [1, 2, 3, 4, 0.5f, -1, 0, 2];
        var header = Encoding.UTF8.GetBytes(
            "{\"id\":\"b-1\",\"inputs\":[{\"name\":\"input\",\"shape\":[2,4],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":32}}]," +
            "\"outputs\":[{\"name\":\"output\",\"parameters\":{\"binary_data\":true}}]}");
        var content = new ByteArrayContent([.. header, .. values.SelectMany(BitConverter.GetBytes)]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await fixture.Client.PostAsync($"/v2/models/{name}/versions/1/infer", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var body = await response.Content.ReadAsByteArrayAsync();
        using var json = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        Assert.Equal("b-1", json.RootElement.GetProperty("id").GetString());
        var output = json.RootElement.GetProperty("outputs")[0];
        Assert.Equal(16, output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(jsonLength + 16, body.Length);
        var served = Enumerable.Range(0, 4).Select(i => BitConverter.ToSingle(body, jsonLength + (4 * i))).ToArray();
        var expected = values.Chunk(4).SelectMany(model.Predict).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], served[i], 4);
        }

        using var server = JsonDocument.Parse(await fixture.Client.GetStringAsync("/v2"));
        Assert.Contains("binary_tensor_data", server.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("abc", "Inference-Header-Content-Length")]
    [InlineData("9999", "says 9999 bytes")]
    [InlineData("10", "JSON")]
    public async Task ABadBinaryHeaderLengthIsA400ThatSaysWhatIsWrong(string headerLength, string mentioned)
    {
        var name = await RegisterAsync(OnnxTestModels.Linear(4, 2, seed: 27).ToBytes());
        var content = new StringContent("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}", Encoding.UTF8, "application/json");
        content.Headers.Add("Inference-Header-Content-Length", headerLength);

        using var response = await fixture.Client.PostAsync($"/v2/models/{name}/versions/1/infer", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(mentioned, body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataAndReadinessDescribeTheVersion()
    {
        var name = await RegisterAsync(OnnxTestModels.Linear(3, 1, seed: 22).ToBytes());

        using var metadata = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/v2/models/{name}/versions/1"));
        using var ready = await fixture.Client.GetAsync($"/v2/models/{name}/versions/1/ready");
        using var server = JsonDocument.Parse(await fixture.Client.GetStringAsync("/v2"));

        Assert.Equal(name, metadata.RootElement.GetProperty("name").GetString());
        Assert.Equal("onnx", metadata.RootElement.GetProperty("platform").GetString());
        var input = metadata.RootElement.GetProperty("inputs")[0];
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal("[-1,3]", input.GetProperty("shape").GetRawText());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.False(string.IsNullOrEmpty(server.RootElement.GetProperty("version").GetString()));
        using var anonymous = fixture.Server.CreateClientWithKey(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/v2/models/{name}/versions/1")).StatusCode);
    }

    [Theory]
    [InlineData("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"INT64\",\"data\":[1,2,3,4]}]}", "expects FP32")]
    [InlineData("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,5],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5]}]}", "shape")]
    [InlineData("{\"inputs\":[{\"name\":\"input\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}", "values")]
    [InlineData("{\"inputs\":[{\"name\":\"other\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}", "other")]
    [InlineData("{\"inputs\":[]}", "input")]
    [InlineData("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],\"outputs\":[{\"name\":\"nope\"}]}", "nope")]
    [InlineData("{\"inputs\": [", "JSON")]
    public async Task BadInferenceRequestsAre400WithAnErrorNamingTheProblem(string json, string mentioned)
    {
        var name = await RegisterAsync(OnnxTestModels.Linear(4, 2, seed: 23).ToBytes());

        using var response = await fixture.Client.PostAsync(
            $"/v2/models/{name}/versions/1/infer", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(mentioned, body.RootElement.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        var again = await fixture.Client.PostAsJsonAsync($"/v2/models/{name}/versions/1/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new float[] { 1, 2, 3, 4 } } },
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task UnknownModelsVersionsAndDeploymentsAre404()
    {
        var name = await RegisterAsync(OnnxTestModels.Linear(2, 1, seed: 24).ToBytes());

        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync($"/v2/models/{name}/versions/9")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync("/v2/models/no-such-model/versions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync("/v2/models/no-such-deployment")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client.GetAsync($"/v2/models/{name}/versions/x1")).StatusCode);
    }

    [Fact]
    public async Task EachRequestIsASpanWithModelVersionAndRowsAndMetricsReachTheMetricsEndpoint()
    {
        var name = await RegisterAsync(OnnxTestModels.Linear(2, 1, seed: 25).ToBytes());
        var spans = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "MLOps.Serving",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        using var response = await fixture.Client.PostAsJsonAsync($"/v2/models/{name}/versions/1/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { 3, 2 }, datatype = "FP32", data = new float[] { 1, 2, 3, 4, 5, 6 } } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The server's span can stop just after the client has the response (a CI run once read it too early).
        await MonitoringNotices.WaitUntilAsync(() => spans.Any(s => (string?)s.GetTagItem("mlops.model.name") == name), "the request's span ends");

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("mlops.model.name") == name);
        Assert.Equal("infer " + name, span.DisplayName);
        Assert.Equal("1", span.GetTagItem("mlops.model.version"));
        Assert.Equal(3L, span.GetTagItem("mlops.batch.rows"));
        var metrics = await fixture.Client.GetStringAsync("/metrics");
        Assert.Contains("mlops_inference_requests", metrics, StringComparison.Ordinal);
        Assert.Contains(name, metrics, StringComparison.Ordinal);
        Assert.Contains("mlops_inference_executions", metrics, StringComparison.Ordinal);
        Assert.Contains("mlops_inference_queue_duration", metrics, StringComparison.Ordinal);
        Assert.Contains("mlops_inference_compute_duration", metrics, StringComparison.Ordinal);
        using var anonymous = fixture.Server.CreateClientWithKey(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    private async Task<string> RegisterAsync(byte[] model)
    {
        var name = "served-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
        var sha = await fixture.Client.UploadAsync(model);
        await fixture.Client.DataAsync("mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }", new { n = name, s = sha });
        return name;
    }
}
