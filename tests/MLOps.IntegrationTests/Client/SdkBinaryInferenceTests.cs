using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLOps.Client;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Client;

/// <summary>
/// The SDK's inference with the binary tensor data extension (its default) against the real server: the same
/// answers as in JSON, every datatype both ways, plain JSON answers read too, and malformed binary answers refused.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class SdkBinaryInferenceTests(ServerFixture fixture)
{
    private const string HeaderLength = "Inference-Header-Content-Length";
    private const string OctetStream = "application/octet-stream";

    [Fact]
    public async Task BinaryAndJsonInferenceGiveTheSameOutputsAsTheModelsOwnMath()
    {
        Assert.True(new MlopsClientOptions().BinaryTensors);
        var linear = OnnxTestModels.Linear(4, 3, seed: 17);
        var (model, version) = await RegisterAsync("sdk-binary-linear", linear.ToBytes());
        float[][] rows = [[1, 2, 3, 4], [-0.5f, 0.25f, 8, -3], [0, 0, 0, 1e-3f]];
        var input = InferenceTensor.Fp32(LinearModel.InputName, [.. rows.SelectMany(r => r)], rows.Length, 4);
        var binaryTraffic = new InferTrafficHandler();
        var jsonTraffic = new InferTrafficHandler();
        await using var binaryClient = Client(binaryTraffic, binary: true);
        await using var jsonClient = Client(jsonTraffic, binary: false);

        var binary = (await binaryClient.InferAsync(model, version, [input], requestId: "b-1")).GetOutput(LinearModel.OutputName);
        var json = (await jsonClient.InferAsync(model, version, [input], requestId: "j-1")).GetOutput(LinearModel.OutputName);

        Assert.Equal(("FP32", "FP32"), (binary.Datatype, json.Datatype));
        Assert.Equal([3L, 3L], binary.Shape);
        Assert.Equal(json.Shape, binary.Shape);
        Assert.Equal(json.GetData<float>(), binary.GetData<float>());
        for (var row = 0; row < rows.Length; row++)
        {
            var expected = linear.Predict(rows[row]);
            for (var j = 0; j < expected.Length; j++)
            {
                Assert.Equal(expected[j], binary.GetData<float>()[(row * 3) + j], 4);
            }
        }

        var sent = Assert.Single(binaryTraffic.Exchanges);
        Assert.Equal((OctetStream, OctetStream), (sent.RequestType, sent.AnswerType));
        Assert.NotNull(sent.AnswerJsonLength);
        using (var request = JsonDocument.Parse(sent.RequestJson))
        {
            Assert.True(request.RootElement.GetProperty("parameters").GetProperty("binary_data_output").GetBoolean());
            var sentInput = Assert.Single(request.RootElement.GetProperty("inputs").EnumerateArray());
            Assert.Equal(rows.Length * 4 * sizeof(float), sentInput.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
            Assert.False(sentInput.TryGetProperty("data", out _));
            Assert.Equal(sent.RequestJson.Length, int.Parse(sent.RequestJsonLength!, CultureInfo.InvariantCulture));
        }

        var plain = Assert.Single(jsonTraffic.Exchanges);
        Assert.Equal(("application/json", "application/json"), (plain.RequestType, plain.AnswerType));
        Assert.Equal((null, null), (plain.RequestJsonLength, plain.AnswerJsonLength));
    }

    [Fact]
    public async Task ADeploymentAnswersBinaryInferenceAndItsErrorsStillCarryTheirCodes()
    {
        var linear = OnnxTestModels.Linear(4, 1, seed: 23);
        var (model, version) = await RegisterAsync("sdk-binary-dep", linear.ToBytes());
        var traffic = new InferTrafficHandler();
        await using var client = Client(traffic, binary: true);
        var deployment = "sdk-binary-dep-" + Guid.NewGuid().ToString("N")[..8];
        await client.CreateOrUpdateDeploymentAsync(deployment, model, version: version);
        await client.WaitForDeploymentAsync(deployment);
        float[] row = [1, 2, 3, 4];

        var result = await client.InferAsync(deployment, [InferenceTensor.Fp32(LinearModel.InputName, row, 1, 4)], requestId: "dep-1");

        Assert.Equal(("1", "dep-1"), (result.ModelVersion, result.Id));
        Assert.Equal(linear.Predict(row)[0], result.GetOutput(LinearModel.OutputName).GetData<float>()[0], 4);
        Assert.Equal(OctetStream, Assert.Single(traffic.Exchanges).AnswerType);
        var invalid = await Assert.ThrowsAsync<MlopsException>(() => client.InferAsync(deployment, [InferenceTensor.Fp32("wrong_name", row, 1, 4)]));
        Assert.Equal((MlopsErrorCodes.Validation, System.Net.HttpStatusCode.BadRequest), (invalid.Code, invalid.StatusCode));
        var missing = await Assert.ThrowsAsync<MlopsException>(() => client.InferAsync("no-such-" + deployment, [InferenceTensor.Fp32("input", row, 1, 4)]));
        Assert.Equal(MlopsErrorCodes.NotFound, missing.Code);
    }

    [Theory]
    [InlineData("FP32")]
    [InlineData("FP64")]
    [InlineData("FP16")]
    [InlineData("INT64")]
    [InlineData("INT32")]
    [InlineData("INT16")]
    [InlineData("INT8")]
    [InlineData("UINT64")]
    [InlineData("UINT32")]
    [InlineData("UINT16")]
    [InlineData("UINT8")]
    [InlineData("BOOL")]
    [InlineData("BYTES")]
    public async Task EachDatatypeTravelsInBinaryAndInJsonToTheSameValues(string datatype)
    {
        var (model, version) = await RegisterAsync("sdk-binary-" + datatype.ToLowerInvariant(), OnnxTestModels.Identity(datatype, -1, 3));
        var input = new InferenceTensor("input", datatype, [2, 3], Values(datatype));
        var traffic = new InferTrafficHandler();
        await using var binaryClient = Client(traffic, binary: true);
        await using var jsonClient = Client(new InferTrafficHandler(), binary: false);

        var binary = (await binaryClient.InferAsync(model, version, [input])).GetOutput("output");
        var json = (await jsonClient.InferAsync(model, version, [input])).GetOutput("output");

        Assert.Equal((datatype, datatype), (binary.Datatype, json.Datatype));
        Assert.Equal([2L, 3L], binary.Shape);
        Assert.Equal(input.Data.Cast<object>(), binary.Data.Cast<object>());
        Assert.Equal(input.Data.Cast<object>(), json.Data.Cast<object>());
        var sent = Assert.Single(traffic.Exchanges);
        Assert.Equal((OctetStream, OctetStream), (sent.RequestType, sent.AnswerType));
    }

    [Fact]
    public async Task AServerThatAnswersInPlainJsonIsReadInBinaryMode()
    {
        var linear = OnnxTestModels.Linear(4, 2, seed: 29);
        var (model, version) = await RegisterAsync("sdk-binary-plain", linear.ToBytes());
        var traffic = new InferTrafficHandler(rewriteRequest: DropBinaryOutputRequestAsync);
        await using var client = Client(traffic, binary: true);
        float[] row = [0.5f, -1, 2, 4];

        var output = (await client.InferAsync(model, version, [InferenceTensor.Fp32(LinearModel.InputName, row, 1, 4)])).GetOutput(LinearModel.OutputName);

        var expected = linear.Predict(row);
        Assert.Equal(expected[0], output.GetData<float>()[0], 4);
        Assert.Equal(expected[1], output.GetData<float>()[1], 4);
        var sent = Assert.Single(traffic.Exchanges);
        Assert.Equal((OctetStream, "application/json"), (sent.RequestType, sent.AnswerType));
        Assert.NotNull(sent.RequestJsonLength);
        Assert.Null(sent.AnswerJsonLength);
    }

    [Theory]
    [InlineData("a header length past the body")]
    [InlineData("a header length that is not a number")]
    [InlineData("a header length that cuts the JSON short")]
    [InlineData("no header length")]
    [InlineData("bytes left over after the outputs")]
    [InlineData("fewer bytes than the outputs declare")]
    public async Task AMalformedBinaryAnswerIsAnInternalError(string malformation)
    {
        var (model, version) = await RegisterAsync("sdk-binary-bad", OnnxTestModels.Linear(4, 2, seed: 31).ToBytes());
        var traffic = new InferTrafficHandler(rewriteAnswer: answer => MalformAsync(answer, malformation));
        await using var client = Client(traffic, binary: true);

        var error = await Assert.ThrowsAsync<MlopsException>(
            () => client.InferAsync(model, version, [InferenceTensor.Fp32(LinearModel.InputName, [1, 2, 3, 4], 1, 4)]));

        Assert.Equal(MlopsErrorCodes.Internal, error.Code);
        Assert.StartsWith("The server's inference answer could not be read: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(OctetStream, Assert.Single(traffic.Exchanges).AnswerType);
    }

    private static Array Values(string datatype) => datatype switch
    {
        "FP32" => new[] { 1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon },
        "FP64" => new[] { 1.5, double.NaN, double.PositiveInfinity, -1e300, double.MaxValue, double.Epsilon },
        "FP16" => new[] { (Half)0.5, (Half)(-1.25), Half.NaN, Half.PositiveInfinity, Half.MaxValue, Half.Epsilon },
        "INT64" => new long[] { long.MinValue, long.MaxValue, 0, -1, 2, 3 },
        "INT32" => new[] { int.MinValue, int.MaxValue, 0, -1, 2, 3 },
        "INT16" => new short[] { short.MinValue, short.MaxValue, 0, -1, 2, 3 },
        "INT8" => new sbyte[] { sbyte.MinValue, sbyte.MaxValue, 0, -1, 2, 3 },
        "UINT64" => new ulong[] { ulong.MaxValue, 0, 1, 2, 3, 4 },
        "UINT32" => new uint[] { uint.MaxValue, 0, 1, 2, 3, 4 },
        "UINT16" => new ushort[] { ushort.MaxValue, 0, 1, 2, 3, 4 },
        "UINT8" => new byte[] { byte.MaxValue, 0, 1, 2, 3, 4 },
        "BOOL" => new[] { true, false, false, true, true, false },
        _ => new[] { "a", "", "h\u00e9llo \u00fcn\u00ef", "d\"q\\", "\U0001F642 emoji", new string('x', 300) },
    };

    /// <summary>Takes the request's binary_data_output away, as a server without binary outputs would ignore it.</summary>
    private static async Task DropBinaryOutputRequestAsync(HttpRequestMessage request)
    {
        var body = await request.Content!.ReadAsByteArrayAsync();
        var jsonLength = int.Parse(request.Headers.GetValues(HeaderLength).Single(), CultureInfo.InvariantCulture);
        var json = JsonNode.Parse(body.AsSpan(0, jsonLength))!.AsObject();
        Assert.True(json.Remove("parameters"));
        var rewritten = JsonSerializer.SerializeToUtf8Bytes(json);
        request.Content = Octets([.. rewritten, .. body.AsSpan(jsonLength)]);
        request.Headers.Remove(HeaderLength);
        request.Headers.Add(HeaderLength, rewritten.Length.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task MalformAsync(HttpResponseMessage answer, string malformation)
    {
        var body = await answer.Content.ReadAsByteArrayAsync();
        var jsonLength = int.Parse(answer.Headers.GetValues(HeaderLength).Single(), CultureInfo.InvariantCulture);
        (byte[] Body, string? Header) malformed = malformation switch
        {
            "a header length past the body" => (body, (body.Length + 1).ToString(CultureInfo.InvariantCulture)),
            "a header length that is not a number" => (body, "twelve"),
            "a header length that cuts the JSON short" => (body, (jsonLength - 1).ToString(CultureInfo.InvariantCulture)),
            "no header length" => (body, null),
            "bytes left over after the outputs" => ([.. body, 1, 2, 3, 4], jsonLength.ToString(CultureInfo.InvariantCulture)),
            "fewer bytes than the outputs declare" => (body[..^1], jsonLength.ToString(CultureInfo.InvariantCulture)),
            _ => throw new ArgumentOutOfRangeException(nameof(malformation), malformation, null),
        };

        answer.Content = Octets(malformed.Body);
        answer.Headers.Remove(HeaderLength);
        if (malformed.Header is not null)
        {
            answer.Headers.Add(HeaderLength, malformed.Header);
        }
    }

    private static ByteArrayContent Octets(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        return content;
    }

    private async Task<(string Model, int Version)> RegisterAsync(string prefix, byte[] onnx)
    {
        await using var client = new MlopsClient(fixture.Client);
        var stored = await client.UploadArtifactAsync(new MemoryStream(onnx));
        var model = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var version = await client.RegisterModelVersionAsync(model, stored.Sha256);
        Assert.Equal("READY", version.Status);
        return (model, version.Version);
    }

    private MlopsClient Client(InferTrafficHandler traffic, bool binary) =>
        new(fixture.Client.BaseAddress!, fixture.Server.AdminKey, traffic, new MlopsClientOptions { BinaryTensors = binary });

    /// <summary>What one infer call carried: content types, Inference-Header-Content-Length headers and the request's JSON object.</summary>
    private sealed record InferExchange(string? RequestType, string? RequestJsonLength, string RequestJson, string? AnswerType, string? AnswerJsonLength);

    /// <summary>
    /// Passes requests to the server and records each infer call's traffic; it can rewrite the request before it
    /// leaves (after it is recorded) and the answer after it is recorded (before the client reads it).
    /// </summary>
    private sealed class InferTrafficHandler(
        Func<HttpRequestMessage, Task>? rewriteRequest = null, Func<HttpResponseMessage, Task>? rewriteAnswer = null)
        : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentQueue<InferExchange> Exchanges { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.RequestUri!.AbsolutePath.EndsWith("/infer", StringComparison.Ordinal))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (rewriteRequest is not null)
            {
                await rewriteRequest(request);
            }

            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var requestJsonLength = Header(request.Headers);
            var json = Encoding.UTF8.GetString(body, 0, requestJsonLength is null ? body.Length : int.Parse(requestJsonLength, CultureInfo.InvariantCulture));
            var answer = await base.SendAsync(request, cancellationToken);
            Exchanges.Enqueue(new InferExchange(
                request.Content.Headers.ContentType?.MediaType, requestJsonLength, json, answer.Content.Headers.ContentType?.MediaType, Header(answer.Headers)));
            if (rewriteAnswer is not null)
            {
                await rewriteAnswer(answer);
            }

            return answer;
        }

        private static string? Header(HttpHeaders headers) =>
            headers.TryGetValues(HeaderLength, out var values) ? string.Join(",", values) : null;
    }
}
