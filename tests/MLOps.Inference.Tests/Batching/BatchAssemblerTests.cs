using MLOps.Inference.Batching;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Tests.Batching;

public sealed class BatchAssemblerTests
{
    [Fact]
    public void MergingStacksEveryInputAlongTheFirstDimensionInMemberOrder()
    {
        var merged = BatchAssembler.Merge([Request("a", [1f, 2f], rows: 1), Request("b", [3f, 4f, 5f, 6f], rows: 2)], totalRows: 3);

        var input = Assert.Single(merged.Inputs);
        Assert.Equal([3L, 2L], input.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], input.Data.As<float>());
    }

    [Fact]
    public void SplittingGivesEachMemberItsOwnRowsAndId()
    {
        var response = new InferenceResponse("m", null, null, [Output([3, 2], [1, 2, 3, 4, 5, 6])]);

        var parts = BatchAssembler.Split(response, [("a", 1), ("b", 2)])!;

        Assert.Equal("a", parts[0].Id);
        Assert.Equal([1L, 2L], parts[0].Outputs[0].Shape);
        Assert.Equal([1L, 2L], parts[0].Outputs[0].Data.As<long>());
        Assert.Equal("b", parts[1].Id);
        Assert.Equal([2L, 2L], parts[1].Outputs[0].Shape);
        Assert.Equal([3L, 4L, 5L, 6L], parts[1].Outputs[0].Data.As<long>());
    }

    [Fact]
    public void AnOutputWithoutOneRowPerInputRowCannotBeSplit()
    {
        var response = new InferenceResponse("m", null, null, [Output([1, 3], [1, 2, 3])]);

        Assert.Null(BatchAssembler.Split(response, [("a", 1), ("b", 2)]));
    }

    private static InferenceRequest Request(string id, float[] values, int rows) =>
        new(id, [new InferInputTensor("input", [rows, values.Length / rows], "FP32", new TensorData(values))]);

    private static InferOutputTensor Output(long[] shape, long[] values) => new("output", shape, "INT64", new TensorData(values));
}
