using System.Text;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Tests.Protocol;

public sealed class InferenceJsonCodecReadTests
{
    public static TheoryData<string, string[]> EveryDatatype => new()
    {
        { "BOOL", ["true", "false", "false", "true"] },
        { "UINT8", ["0", "255", "7", "1"] },
        { "UINT16", ["0", "65535", "2", "3"] },
        { "UINT32", ["0", "4294967295", "5", "6"] },
        { "UINT64", ["0", "18446744073709551615", "1", "2"] },
        { "INT8", ["-128", "127", "0", "5"] },
        { "INT16", ["-32768", "32767", "0", "1"] },
        { "INT32", ["-2147483648", "2147483647", "0", "1"] },
        { "INT64", ["-9223372036854775808", "9223372036854775807", "0", "1"] },
        { "FP16", ["0.5", "-1.25", "65504", "0"] },
        { "FP32", ["1.5", "-2.25", "0", "3.4028235E+38"] },
        { "FP64", ["1.5", "-2.25", "0", "1E+300"] },
        { "BYTES", ["\"a\"", "\"\"", "\"h\u00e9llo\"", "\"x\""] },
    };

    [Theory]
    [MemberData(nameof(EveryDatatype))]
    public void FlatAndNestedDataReadTheSameValuesForEveryDatatype(string datatype, string[] values)
    {
        var flat = Single(Read(Input(datatype, "[2,2]", $"[{string.Join(',', values)}]")));
        var nested = Single(Read(Input(datatype, "[2,2]", $"[[{values[0]},{values[1]}],[{values[2]},{values[3]}]]")));

        Assert.Equal(datatype, flat.Datatype);
        Assert.Equal(datatype, flat.Data.Datatype);
        Assert.Equal([2L, 2L], flat.Shape);
        Assert.Equal(4, flat.Data.Length);
        Assert.Equal(flat.Data.Values, nested.Data.Values);
    }

    [Theory]
    [MemberData(nameof(EveryDatatype))]
    public void EveryDatatypeSurvivesAWrittenResponseReadBackAsARequest(string datatype, string[] values)
    {
        var input = Single(Read(Input(datatype, "[4]", $"[{string.Join(',', values)}]")));
        var response = new InferenceResponse("m", "1", "r", [new InferOutputTensor("input", input.Shape, input.Datatype, input.Data)]);

        var json = CodecJson.Write(response);
        var outputs = json[(json.IndexOf("\"outputs\":", StringComparison.Ordinal) + "\"outputs\":".Length)..^1];
        var reread = Single(Read($"{{\"inputs\":{outputs}}}"));

        Assert.Equal(input.Data.Values, reread.Data.Values);
        Assert.Equal(input.Shape, reread.Shape);
    }

    [Fact]
    public void IdParametersAndRequestedOutputsAreRead()
    {
        var request = Read("""
            {"id":"r-1","parameters":{"priority":3},
             "inputs":[{"name":"input","shape":[1],"datatype":"FP32","data":[1],"parameters":{"binary_data":false}}],
             "outputs":[{"name":"output","parameters":{"classification":2}}],"ignored":{"x":[1,2]}}
            """);

        Assert.Equal("r-1", request.Id);
        Assert.Equal(3, request.Parameters!["priority"].GetInt32());
        Assert.False(request.Inputs[0].Parameters!["binary_data"].GetBoolean());
        Assert.Equal("output", Assert.Single(request.Outputs!).Name);
        Assert.Equal(2, request.Outputs![0].Parameters!["classification"].GetInt32());
    }

    [Fact]
    public void DataBeforeShapeAndDatatypeIsStillRead()
    {
        var input = Single(Read("""{"inputs":[{"data":[[1,2],[3,4]],"name":"input","shape":[2,2],"datatype":"INT32"}]}"""));

        Assert.Equal([1, 2, 3, 4], input.Data.As<int>());
    }

    [Fact]
    public void ValuesFewerThanTheShapeNeedsAreRejectedWithTheCounts()
    {
        var error = ReadFails(Input("FP32", "[2,4]", "[1,2,3,4,5,6,7]"));

        Assert.Equal("Input 'input' has 7 values but its shape [2,4] needs 8.", error.Message);
        Assert.Equal(InferenceRequestException.Validation, error.Code);
    }

    [Fact]
    public void ValuesMoreThanTheShapeNeedsAreRejectedWithTheCounts()
    {
        var error = ReadFails(Input("INT64", "[2]", "[1,2,3]"));

        Assert.Equal("Input 'input' has 3 values but its shape [2] needs 2.", error.Message);
    }

    [Theory]
    [InlineData("[[1,2],[3]]")]
    [InlineData("[[1,2,3],[4]]")]
    [InlineData("[[1,2],3,4]")]
    [InlineData("[[[1],[2]],[[3],[4]]]")]
    public void NestingThatDoesNotMatchTheShapeIsRejected(string data)
    {
        var error = ReadFails(Input("FP32", "[2,2]", data));

        Assert.Contains("nested data that does not match its shape [2,2]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT8", "128")]
    [InlineData("INT8", "-129")]
    [InlineData("UINT8", "256")]
    [InlineData("UINT8", "-1")]
    [InlineData("UINT16", "65536")]
    [InlineData("INT32", "1.5")]
    [InlineData("INT64", "9223372036854775808")]
    [InlineData("FP16", "70000")]
    [InlineData("FP32", "1e39")]
    public void ValuesOutsideTheDatatypeAreRejected(string datatype, string value)
    {
        var error = ReadFails(Input(datatype, "[2]", $"[0,{value}]"));

        Assert.Equal($"Input 'input' value #1 ({value}) does not fit {datatype}.", error.Message);
    }

    [Theory]
    [InlineData("FP32", "\"abc\"", "is a string, but FP32 needs a number")]
    [InlineData("INT32", "true", "is a boolean, but INT32 needs a number")]
    [InlineData("BOOL", "1", "is a number, but BOOL needs true or false")]
    [InlineData("BYTES", "5", "is a number, but BYTES needs a string")]
    [InlineData("FP64", "null", "is null, but FP64 needs a number")]
    public void ValuesOfTheWrongJsonTypeAreRejected(string datatype, string value, string expected)
    {
        var error = ReadFails(Input(datatype, "[1]", $"[{value}]"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NanAndInfinityAreReadFromTheirNamedStrings()
    {
        var input = Single(Read(Input("FP32", "[3]", """["NaN","Infinity","-Infinity"]""")));

        Assert.Equal([float.NaN, float.PositiveInfinity, float.NegativeInfinity], input.Data.As<float>());
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"input","shape":[1],"datatype":"FP32","data":[1]""")]
    [InlineData("""{"inputs":[{"name":"input",,}]}""")]
    [InlineData("")]
    [InlineData("""{"inputs":[{"name":"a","shape":[1],"datatype":"FP32","data":[1]}]} trailing""")]
    public void MalformedJsonIsAValidationErrorWithTheBytePosition(string json)
    {
        var error = ReadFails(json);

        Assert.Equal(InferenceRequestException.Validation, error.Code);
        Assert.Contains("byte", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"x"}""", "The request has no 'inputs'")]
    [InlineData("""{"inputs":[]}""", "The request has no 'inputs'")]
    [InlineData("""[1]""", "The request must be a JSON object.")]
    [InlineData("""{"inputs":[{"shape":[1],"datatype":"FP32","data":[1]}]}""", "Input #0 has no 'name'.")]
    [InlineData("""{"inputs":[{"name":"a","datatype":"FP32","data":[1]}]}""", "Input 'a' has no 'shape'.")]
    [InlineData("""{"inputs":[{"name":"a","shape":[1],"data":[1]}]}""", "Input 'a' has no 'datatype'.")]
    [InlineData("""{"inputs":[{"name":"a","shape":[1],"datatype":"FP32"}]}""", "Input 'a' has no 'data' (nor 'binary_data_size' for binary data).")]
    [InlineData("""{"inputs":[{"name":"a","shape":[1],"datatype":"FP8","data":[1]}]}""", "Input 'a' has datatype 'FP8'")]
    [InlineData("""{"inputs":[{"name":"a","shape":[-1],"datatype":"FP32","data":[1]}]}""", "Input 'a' has a 'shape' that is not")]
    [InlineData("""{"inputs":[{"name":"a","shape":[1],"datatype":"FP32","data":1}]}""", "Input 'a' has 'data' that is not a JSON array.")]
    [InlineData("""{"inputs":[{"name":"a","shape":[1],"datatype":"FP32","data":[1]},{"name":"a","shape":[1],"datatype":"FP32","data":[1]}]}""", "Input 'a' appears more than once.")]
    [InlineData("""{"inputs":[{"name":"a","shape":[1],"datatype":"FP32","data":[1]}],"outputs":[{}]}""", "Requested output #0 has no 'name'.")]
    public void MissingOrMistypedFieldsAreNamed(string json, string expected)
    {
        var error = ReadFails(json);

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamLargerThanTheLimitIsRejectedAsLimitExceeded()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(Input("FP32", "[3]", "[1,2,3]")));

        var error = await Assert.ThrowsAsync<InferenceRequestException>(() => InferenceJsonCodec.ReadRequestAsync(body, 20));

        Assert.Equal(InferenceRequestException.LimitExceeded, error.Code);
    }

    [Fact]
    public async Task AStreamWithinTheLimitIsRead()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(Input("FP32", "[3]", "[1,2,3]")));

        var request = await InferenceJsonCodec.ReadRequestAsync(body, 1000);

        Assert.Equal([1f, 2f, 3f], request.Inputs[0].Data.As<float>());
    }

    private static InferenceRequest Read(string json) => InferenceJsonCodec.ReadRequest(Encoding.UTF8.GetBytes(json));

    private static InferenceRequestException ReadFails(string json) =>
        Assert.Throws<InferenceRequestException>(() => Read(json));

    private static InferInputTensor Single(InferenceRequest request) => Assert.Single(request.Inputs);

    private static string Input(string datatype, string shape, string data) =>
        $$"""{"inputs":[{"name":"input","shape":{{shape}},"datatype":"{{datatype}}","data":{{data}}}]}""";
}
