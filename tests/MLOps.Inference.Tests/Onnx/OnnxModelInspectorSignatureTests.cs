using MLOps.Inference.Onnx;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Onnx;

public sealed class OnnxModelInspectorSignatureTests
{
    private readonly OnnxModelInspector _inspector = new();

    [Fact]
    public void LinearModelWithDynamicBatchReportsTheBatchDimensionAsMinusOne()
    {
        var description = _inspector.Inspect(OnnxTestModels.Linear(features: 4, outputs: 3).ToBytes());

        Assert.Equal(new OnnxTensorSpec("input", "FP32", [-1, 4]), Assert.Single(description.Inputs));
        Assert.Equal(new OnnxTensorSpec("output", "FP32", [-1, 3]), Assert.Single(description.Outputs));
    }

    [Fact]
    public void LinearModelWithFixedBatchReportsEveryDimension()
    {
        var description = _inspector.Inspect(OnnxTestModels.Linear(features: 5, outputs: 2, dynamicBatch: false).ToBytes());

        Assert.Equal(new OnnxTensorSpec("input", "FP32", [1, 5]), Assert.Single(description.Inputs));
        Assert.Equal(new OnnxTensorSpec("output", "FP32", [1, 2]), Assert.Single(description.Outputs));
    }

    [Theory]
    [InlineData("FP32", "FP32")]
    [InlineData("FP64", "FP64")]
    [InlineData("FP16", "FP16")]
    [InlineData("BF16", "BF16")]
    [InlineData("INT8", "INT8")]
    [InlineData("INT16", "INT16")]
    [InlineData("INT32", "INT32")]
    [InlineData("INT64", "INT64")]
    [InlineData("UINT8", "UINT8")]
    [InlineData("UINT16", "UINT16")]
    [InlineData("UINT32", "UINT32")]
    [InlineData("UINT64", "UINT64")]
    [InlineData("BOOL", "BOOL")]
    [InlineData("STRING", "BYTES")]
    [InlineData("BYTES", "BYTES")]
    public void IdentityModelReportsItsElementTypeAsTheOpenInferenceProtocolDatatype(string written, string reported)
    {
        var description = _inspector.Inspect(OnnxTestModels.Identity(written, -1, 3, 2));

        Assert.Equal(new OnnxTensorSpec("input", reported, [-1, 3, 2]), Assert.Single(description.Inputs));
        Assert.Equal(new OnnxTensorSpec("output", reported, [-1, 3, 2]), Assert.Single(description.Outputs));
        Assert.True(description.Inputs[0].IsTensor);
    }

    [Fact]
    public void ScalarTensorHasAnEmptyShape()
    {
        var description = _inspector.Inspect(OnnxTestModels.Identity("INT64"));

        Assert.Empty(Assert.Single(description.Inputs).Shape);
        Assert.True(description.Inputs[0].IsTensor);
    }

    [Fact]
    public void DimensionsAfterTheFirstCanBeDynamicToo()
    {
        var description = _inspector.Inspect(OnnxTestModels.Identity("FP32", -1, -1, 3));

        Assert.Equal([-1L, -1L, 3L], Assert.Single(description.Inputs).Shape);
    }

    [Fact]
    public void ClassifierReportsItsOutputsInDeclarationOrderWithAnInt64Label()
    {
        var description = _inspector.Inspect(OnnxTestModels.Classifier(features: 3, classes: 4).ToBytes());

        Assert.Equal(
            [new OnnxTensorSpec("probabilities", "FP32", [-1, 4]), new OnnxTensorSpec("label", "INT64", [-1])],
            description.Outputs);
    }

    [Fact]
    public void ZipMapOutputIsReportedAsASequenceWithNoShape()
    {
        var description = _inspector.Inspect(OnnxTestModels.Classifier(features: 3, classes: 4, zipMap: true).ToBytes());

        Assert.Equal(
            [new OnnxTensorSpec("probabilities", "SEQUENCE", []), new OnnxTensorSpec("label", "INT64", [-1])],
            description.Outputs);
        Assert.False(description.Outputs[0].IsTensor);
    }

    [Fact]
    public void MapInputIsReportedAsAMapWithNoShape()
    {
        var description = _inspector.Inspect(OnnxTestModels.DictVectorizer(1, 5, 9));

        Assert.Equal(new OnnxTensorSpec("features", "MAP", []), Assert.Single(description.Inputs));
        Assert.False(description.Inputs[0].IsTensor);
        Assert.Equal(new OnnxTensorSpec("vector", "FP32", [1, 3]), Assert.Single(description.Outputs));
    }
}
