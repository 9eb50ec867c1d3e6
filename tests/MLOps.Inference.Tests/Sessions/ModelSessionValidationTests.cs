using MLOps.Inference.Protocol;
using MLOps.Inference.Sessions;
using MLOps.Inference.Tests.Onnx;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Sessions;

public sealed class ModelSessionValidationTests : IDisposable
{
    private readonly TemporaryModelFile _file = new(OnnxTestModels.Linear(4, 3).ToBytes());
    private readonly TemporaryModelFile _fixedFile = new(OnnxTestModels.Linear(4, 3, dynamicBatch: false).ToBytes());
    private readonly ModelSession _session;
    private readonly ModelSession _fixedSession;

    public ModelSessionValidationTests()
    {
        _session = new ModelSession(_file.ModelPath);
        _fixedSession = new ModelSession(_fixedFile.ModelPath);
    }

    [Fact]
    public void AnUnknownInputIsNamed()
    {
        var error = Fails(_session, Input("features", [1, 4], "FP32", new float[4]));

        Assert.Equal("The model has no input 'features'; its inputs are input.", error.Message);
        Assert.Equal(InferenceRequestException.Validation, error.Code);
    }

    [Fact]
    public void AMissingInputIsNamed()
    {
        var error = Assert.Throws<InferenceRequestException>(() => _session.Run(new InferenceRequest(null, []), "m", null));

        Assert.StartsWith("Input 'input' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongDatatypeIsNamed()
    {
        var error = Fails(_session, Input("input", [1, 4], "FP64", new double[4]));

        Assert.Equal("Input 'input' is FP64 but the model expects FP32.", error.Message);
    }

    [Fact]
    public void AWrongRankIsNamed()
    {
        var error = Fails(_session, Input("input", [4], "FP32", new float[4]));

        Assert.Equal("Input 'input' has 1 dimensions [4] but the model expects 2 [-1,4].", error.Message);
    }

    [Fact]
    public void AFixedDimensionThatDoesNotMatchIsNamed()
    {
        var error = Fails(_session, Input("input", [1, 5], "FP32", new float[5]));

        Assert.StartsWith("Input 'input' has dimension 1 of 5 but the model expects 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFixedBatchModelRefusesTwoRows()
    {
        var error = Fails(_fixedSession, Input("input", [2, 4], "FP32", new float[8]));

        Assert.StartsWith("Input 'input' has dimension 0 of 2 but the model expects 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataThatDoesNotFillTheShapeIsNamed()
    {
        var error = Fails(_session, Input("input", [2, 4], "FP32", new float[7]));

        Assert.Equal("Input 'input' has 7 values but its shape [2,4] needs 8.", error.Message);
    }

    [Fact]
    public void AnUnknownRequestedOutputIsNamed()
    {
        var request = new InferenceRequest(null, [Input("input", [1, 4], "FP32", new float[4])], [new RequestedOutput("scores")]);

        var error = Assert.Throws<InferenceRequestException>(() => _session.Run(request, "m", null));

        Assert.Equal("The model has no output 'scores'; its outputs are output.", error.Message);
    }

    public void Dispose()
    {
        _session.Dispose();
        _fixedSession.Dispose();
        _file.Dispose();
        _fixedFile.Dispose();
    }

    private static InferInputTensor Input(string name, long[] shape, string datatype, Array data) =>
        new(name, shape, datatype, new TensorData(data));

    private static InferenceRequestException Fails(ModelSession session, InferInputTensor input) =>
        Assert.Throws<InferenceRequestException>(() => session.Run(new InferenceRequest(null, [input]), "m", null));
}
