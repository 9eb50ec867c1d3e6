using System.Text.Json;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Tests.Protocol;

public sealed class InferenceJsonCodecWriteTests
{
    [Fact]
    public void AResponseIsWrittenWithItsFieldsAndFlatData()
    {
        using var parameters = JsonDocument.Parse("""{"sequence_id":7}""");
        var response = new InferenceResponse(
            "linear",
            "3",
            "r-1",
            [new InferOutputTensor("output", [2, 2], "FP32", new TensorData(new[] { 1.5f, -2f, 0f, 4f }))],
            new Dictionary<string, JsonElement> { ["sequence_id"] = parameters.RootElement.GetProperty("sequence_id") });

        var json = CodecJson.Write(response);

        Assert.Equal(
            """{"model_name":"linear","model_version":"3","id":"r-1","parameters":{"sequence_id":7},"outputs":[{"name":"output","shape":[2,2],"datatype":"FP32","data":[1.5,-2,0,4]}]}""",
            json);
    }

    [Fact]
    public void AMissingVersionAndIdAreLeftOut()
    {
        var response = new InferenceResponse("m", null, null, [new InferOutputTensor("o", [1], "BYTES", new TensorData(new[] { "x" }))]);

        Assert.Equal("""{"model_name":"m","outputs":[{"name":"o","shape":[1],"datatype":"BYTES","data":["x"]}]}""", CodecJson.Write(response));
    }

    [Fact]
    public void NanAndInfinityAreWrittenAsNamedStrings()
    {
        var response = new InferenceResponse(
            "m", null, null, [new InferOutputTensor("o", [3], "FP64", new TensorData(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }))]);

        Assert.Contains("""["NaN","Infinity","-Infinity"]""", CodecJson.Write(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResponseIsWrittenToAStream()
    {
        var response = new InferenceResponse("m", null, null, [new InferOutputTensor("o", [2], "BOOL", new TensorData(new[] { true, false }))]);
        using var stream = new MemoryStream();

        await InferenceJsonCodec.WriteResponseAsync(stream, response);

        Assert.Equal(CodecJson.Write(response), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void TensorDataRefusesArraysWithNoDatatype()
    {
        Assert.Throws<ArgumentException>(() => new TensorData(new decimal[1]));
    }
}
