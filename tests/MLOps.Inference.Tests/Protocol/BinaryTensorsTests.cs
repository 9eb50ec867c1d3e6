using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Tests.Protocol;

/// <summary>The binary tensor data extension: inputs after the JSON object, and outputs asked for in binary.</summary>
public sealed class BinaryTensorsTests
{
    public static TheoryData<string, Array> EveryFixedSizeDatatype() => new()
    {
        { "FP32", new[] { 1.5f, -2.25f, float.NaN, float.PositiveInfinity, 0f, 3e-38f } },
        { "FP64", new[] { 1.5, -2.25, double.NegativeInfinity, 1e300, 0, 5e-324 } },
        { "FP16", new[] { (Half)1.5, (Half)(-2), Half.MaxValue, Half.NaN, (Half)0, (Half)0.25 } },
        { "INT8", new sbyte[] { -128, 127, 0, 1, -1, 5 } },
        { "INT16", new short[] { short.MinValue, short.MaxValue, 0, 1, -1, 5 } },
        { "INT32", new[] { int.MinValue, int.MaxValue, 0, 1, -1, 5 } },
        { "INT64", new[] { long.MinValue, long.MaxValue, 0, 1, -1, 5 } },
        { "UINT8", new byte[] { 0, 255, 1, 2, 3, 4 } },
        { "UINT16", new ushort[] { 0, ushort.MaxValue, 1, 2, 3, 4 } },
        { "UINT32", new uint[] { 0, uint.MaxValue, 1, 2, 3, 4 } },
        { "UINT64", new ulong[] { 0, ulong.MaxValue, 1, 2, 3, 4 } },
        { "BOOL", new[] { true, false, false, true, true, false } },
    };

    [Theory]
    [MemberData(nameof(EveryFixedSizeDatatype))]
    public void EveryFixedSizeDatatypeIsReadFromLittleEndianBytesAndWrittenBackTheSame(string datatype, Array values)
    {
        var bytes = LittleEndian(values);
        var (body, length) = Body(
            $$$"""{"inputs":[{"name":"x","shape":[2,3],"datatype":"{{{datatype}}}","parameters":{"binary_data_size":{{{bytes.Length}}}}}],"outputs":[{"name":"y","parameters":{"binary_data":true}}]}""",
            bytes);

        var request = InferenceJsonCodec.ReadRequest(body, length);
        var input = Assert.Single(request.Inputs);
        Assert.Equal(values, input.Data.Values);
        Assert.Equal(datatype, input.Data.Datatype);

        var response = new InferenceResponse("m", "1", null, [new InferOutputTensor("y", [2, 3], datatype, input.Data)]);
        var encoded = InferenceJsonCodec.EncodeResponse(response, request);

        var (header, binary) = Split(encoded);
        var output = header.RootElement.GetProperty("outputs")[0];
        Assert.False(output.TryGetProperty("data", out _));
        Assert.Equal(bytes.Length, output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(bytes, binary);
    }

    [Fact]
    public void BytesElementsAreLengthPrefixedUtf8BothWays()
    {
        string[] values = ["", "plain", "naïve ✓", "\u0000zero"];
        var bytes = LengthPrefixed(values);
        var (body, length) = Body(
            $$$"""{"inputs":[{"name":"s","shape":[4],"datatype":"BYTES","parameters":{"binary_data_size":{{{bytes.Length}}}}}],"parameters":{"binary_data_output":true}}""",
            bytes);

        var request = InferenceJsonCodec.ReadRequest(body, length);
        Assert.Equal(values, request.Inputs[0].Data.As<string>());

        var response = new InferenceResponse("m", null, null, [new InferOutputTensor("s", [4], "BYTES", request.Inputs[0].Data)]);
        var (_, binary) = Split(InferenceJsonCodec.EncodeResponse(response, request));
        Assert.Equal(bytes, binary);
    }

    [Fact]
    public void BinaryAndJsonInputsMixAndBinaryInputsTakeTheirBytesInOrder()
    {
        var first = LittleEndian(new[] { 1f, 2f });
        var second = LittleEndian(new long[] { 7, 8, 9 });
        var (body, length) = Body(
            $$$"""
            {"inputs":[
              {"parameters":{"binary_data_size":{{{first.Length}}}},"name":"a","shape":[1,2],"datatype":"FP32"},
              {"name":"j","shape":[2],"datatype":"INT32","data":[5,6]},
              {"name":"b","shape":[3],"datatype":"INT64","parameters":{"binary_data_size":{{{second.Length}}}}}]}
            """,
            first,
            second);

        var request = InferenceJsonCodec.ReadRequest(body, length);

        Assert.Equal([1f, 2f], request.Inputs[0].Data.As<float>());
        Assert.Equal([5, 6], request.Inputs[1].Data.As<int>());
        Assert.Equal([7L, 8L, 9L], request.Inputs[2].Data.As<long>());
    }

    [Fact]
    public void AHeaderLengthOverAWholeJsonBodyReadsAsPlainJson()
    {
        var (body, length) = Body("""{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","data":[1,2]}]}""");

        Assert.Equal([1f, 2f], InferenceJsonCodec.ReadRequest(body, length).Inputs[0].Data.As<float>());
    }

    [Fact]
    public void OutputsAreBinaryOnlyWhereAskedAndAnOutputsOwnFlagOverridesTheRequests()
    {
        var request = InferenceJsonCodec.ReadRequest(Encoding.UTF8.GetBytes("""
            {"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}],
             "parameters":{"binary_data_output":true},
             "outputs":[{"name":"probabilities"},{"name":"label","parameters":{"binary_data":false}}]}
            """));
        var response = new InferenceResponse("m", "2", "r", [
            new InferOutputTensor("label", [2], "INT64", new TensorData(new long[] { 3, 1 })),
            new InferOutputTensor("probabilities", [2, 2], "FP32", new TensorData(new[] { 0.25f, 0.75f, 1f, 0f })),
        ]);

        var encoded = InferenceJsonCodec.EncodeResponse(response, request);

        var (header, binary) = Split(encoded);
        var outputs = header.RootElement.GetProperty("outputs");
        Assert.Equal("[3,1]", outputs[0].GetProperty("data").GetRawText());
        Assert.False(outputs[0].TryGetProperty("parameters", out _));
        Assert.False(outputs[1].TryGetProperty("data", out _));
        Assert.Equal(16, outputs[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(LittleEndian(new[] { 0.25f, 0.75f, 1f, 0f }), binary);
        Assert.Equal("r", header.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void WithNoOutputAskedInBinaryTheResponseIsTheSameJsonAsBefore()
    {
        var request = InferenceJsonCodec.ReadRequest("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}"""u8);
        var response = new InferenceResponse("m", null, null, [new InferOutputTensor("y", [1], "FP32", new TensorData(new[] { 2f }))]);

        var encoded = InferenceJsonCodec.EncodeResponse(response, request);

        Assert.Null(encoded.HeaderLength);
        Assert.Equal(CodecJson.Write(response), Encoding.UTF8.GetString(encoded.Body.Span));
    }

    public static TheoryData<string, byte[], int?, string> BadBinaryRequests()
    {
        var eight = LittleEndian(new[] { 1f, 2f });
        return new()
        {
            { """{"inputs":[{"name":"x","shape":[3],"datatype":"FP32","parameters":{"binary_data_size":8}}]}""", eight, null, "take 12" },
            { """{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":12}}]}""", eight, null, "only 8 bytes are left" },
            { """{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","parameters":{"binary_data_size":4}}]}""", eight, null, "add up to 4" },
            { """{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8},"data":[1,2]}]}""", eight, null, "one way" },
            { """{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":"8"}}]}""", eight, null, "non-negative integer" },
            { """{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":-8}}]}""", eight, null, "non-negative integer" },
            { """{"inputs":[{"name":"x","shape":[2],"datatype":"BOOL","parameters":{"binary_data_size":2}}]}""", [1, 2], null, "0 or 1" },
            { """{"inputs":[{"name":"s","shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":6}}]}""", [9, 0, 0, 0, 65, 66], null, "only 2 bytes" },
            { """{"inputs":[{"name":"s","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":5}}]}""", [1, 0, 0, 0, 65], null, "ends before element #1" },
            { """{"inputs":[{"name":"s","shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":6}}]}""", [1, 0, 0, 0, 65, 66], null, "left after" },
            { """{"inputs":[{"name":"s","shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":6}}]}""", [2, 0, 0, 0, 0xC3, 0x28], null, "UTF-8" },
            { """{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}],"parameters":{"binary_data_output":1}}""", [], null, "true or false" },
            { """{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}],"outputs":[{"name":"y","parameters":{"binary_data":"yes"}}]}""", [], null, "true or false" },
            { """{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}""", [], 500, "says 500 bytes" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBinaryRequests))]
    public void BadBinaryRequestsNameTheProblem(string json, byte[] binary, int? headerLength, string mentioned)
    {
        var (body, length) = Body(json, binary);

        var error = Assert.Throws<InferenceRequestException>(() => InferenceJsonCodec.ReadRequest(body, headerLength ?? length));

        Assert.Equal(InferenceRequestException.Validation, error.Code);
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABinaryInputWithoutTheHeaderLengthIsRefusedAndSaysWhichHeaderIsMissing()
    {
        var json = """{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","parameters":{"binary_data_size":4}}]}""";

        var error = Assert.Throws<InferenceRequestException>(() => InferenceJsonCodec.ReadRequest(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(BinaryTensors.HeaderLengthHeader, error.Message, StringComparison.Ordinal);
    }

    private static (byte[] Body, int HeaderLength) Body(string json, params byte[][] binary)
    {
        var header = Encoding.UTF8.GetBytes(json);
        return ([.. header, .. binary.SelectMany(part => part)], header.Length);
    }

    private static (JsonDocument Header, byte[] Binary) Split(EncodedResponse encoded)
    {
        var length = Assert.NotNull(encoded.HeaderLength);
        return (JsonDocument.Parse(encoded.Body[..length]), encoded.Body[length..].ToArray());
    }

    // Written value by value with BinaryPrimitives, independently of the codec's block copies.
    private static byte[] LittleEndian(Array values)
    {
        var output = new List<byte>();
        Span<byte> b = stackalloc byte[8];
        foreach (var value in values)
        {
            var width = value switch
            {
                float f => Write(b, w => BinaryPrimitives.WriteSingleLittleEndian(w, f), 4),
                double d => Write(b, w => BinaryPrimitives.WriteDoubleLittleEndian(w, d), 8),
                Half h => Write(b, w => BinaryPrimitives.WriteHalfLittleEndian(w, h), 2),
                sbyte s => Write(b, w => w[0] = (byte)s, 1),
                short s => Write(b, w => BinaryPrimitives.WriteInt16LittleEndian(w, s), 2),
                int i => Write(b, w => BinaryPrimitives.WriteInt32LittleEndian(w, i), 4),
                long l => Write(b, w => BinaryPrimitives.WriteInt64LittleEndian(w, l), 8),
                byte u => Write(b, w => w[0] = u, 1),
                ushort u => Write(b, w => BinaryPrimitives.WriteUInt16LittleEndian(w, u), 2),
                uint u => Write(b, w => BinaryPrimitives.WriteUInt32LittleEndian(w, u), 4),
                ulong u => Write(b, w => BinaryPrimitives.WriteUInt64LittleEndian(w, u), 8),
                bool flag => Write(b, w => w[0] = flag ? (byte)1 : (byte)0, 1),
                _ => throw new ArgumentException(value.GetType().Name),
            };
            output.AddRange(b[..width]);
        }

        return [.. output];
    }

    private static int Write(Span<byte> buffer, SpanAction write, int width)
    {
        write(buffer);
        return width;
    }

    private delegate void SpanAction(Span<byte> buffer);

    private static byte[] LengthPrefixed(string[] values) =>
        [.. values.SelectMany(value =>
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(prefix, utf8.Length);
            return prefix.Concat(utf8);
        })];
}
