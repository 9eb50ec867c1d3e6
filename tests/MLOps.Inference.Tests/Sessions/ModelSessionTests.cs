using MLOps.Inference.Onnx;
using MLOps.Inference.Protocol;
using MLOps.Inference.Sessions;
using MLOps.Inference.Tests.Onnx;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Sessions;

public sealed class ModelSessionTests
{
    public static TheoryData<string, Array> EveryDatatype => new()
    {
        { "FP32", new[] { 1.5f, -2f, 0f, 3f, 4f, 5f } },
        { "FP64", new[] { 1.5, -2, 0, 3, 4, 1e300 } },
        { "FP16", new[] { (Half)0.5, (Half)(-1.25), (Half)0, (Half)3, (Half)65504, (Half)1 } },
        { "INT64", new[] { long.MinValue, long.MaxValue, 0, 1, 2, 3 } },
        { "INT32", new[] { int.MinValue, int.MaxValue, 0, 1, 2, 3 } },
        { "INT16", new short[] { short.MinValue, short.MaxValue, 0, 1, 2, 3 } },
        { "INT8", new sbyte[] { sbyte.MinValue, sbyte.MaxValue, 0, 1, 2, 3 } },
        { "UINT64", new ulong[] { ulong.MaxValue, 0, 1, 2, 3, 4 } },
        { "UINT32", new uint[] { uint.MaxValue, 0, 1, 2, 3, 4 } },
        { "UINT16", new ushort[] { ushort.MaxValue, 0, 1, 2, 3, 4 } },
        { "UINT8", new byte[] { byte.MaxValue, 0, 1, 2, 3, 4 } },
        { "BOOL", new[] { true, false, false, true, true, false } },
        { "BYTES", new[] { "a", "", "h\u00e9llo", "x", "y", "z" } },
    };

    [Fact]
    public void LinearModelOutputsEqualItsPredictHelperForEveryRow()
    {
        var model = OnnxTestModels.Linear(4, 3, seed: 5);
        using var file = new TemporaryModelFile(model.ToBytes());
        using var session = new ModelSession(file.ModelPath);
        var rows = SessionRows.Make(count: 5, features: 4);

        var response = session.Run(SessionRows.Request(rows, id: "r-7"), "linear", "2");

        Assert.Equal("linear", response.ModelName);
        Assert.Equal("2", response.ModelVersion);
        Assert.Equal("r-7", response.Id);
        var output = Assert.Single(response.Outputs);
        Assert.Equal(LinearModel.OutputName, output.Name);
        Assert.Equal("FP32", output.Datatype);
        Assert.Equal([5L, 3L], output.Shape);
        for (var row = 0; row < rows.Length; row++)
        {
            SessionRows.AssertClose(model.Predict(rows[row]), output.Data.As<float>().AsSpan(row * 3, 3).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(EveryDatatype))]
    public void IdentityModelsReturnTheirInputForEveryDatatype(string datatype, Array values)
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Identity(datatype, -1, 3));
        using var session = new ModelSession(file.ModelPath);
        var request = new InferenceRequest(null, [new InferInputTensor("input", [2, 3], datatype, new TensorData(values))]);

        var output = Assert.Single(session.Run(request, "identity", null).Outputs);

        Assert.Equal(datatype, output.Datatype);
        Assert.Equal([2L, 3L], output.Shape);
        Assert.Equal(values, output.Data.Values);
    }

    [Fact]
    public void TheSignatureUsesProtocolDatatypesAndMinusOneForDynamicDimensions()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 2).ToBytes());
        using var session = new ModelSession(file.ModelPath);

        Assert.Equal(new OnnxTensorSpec("input", "FP32", [-1, 4]), Assert.Single(session.Inputs));
        Assert.Equal(new OnnxTensorSpec("output", "FP32", [-1, 2]), Assert.Single(session.Outputs));
        Assert.True(session.AcceptsBatches);
    }

    [Theory]
    [InlineData("FP32", "BYTES")]
    [InlineData("INT64", "FP16")]
    public void WarmupRunsOnZeros(string first, string second)
    {
        using var one = new TemporaryModelFile(OnnxTestModels.Identity(first, -1, 3));
        using var two = new TemporaryModelFile(OnnxTestModels.Identity(second, 2, -1));
        using var sessionOne = new ModelSession(one.ModelPath);
        using var sessionTwo = new ModelSession(two.ModelPath);

        sessionOne.Warmup();
        sessionTwo.Warmup();
    }

    [Theory]
    [InlineData("disabled")]
    [InlineData("basic")]
    [InlineData("extended")]
    [InlineData("ALL")]
    public void EveryOptimizationLevelLoadsTheModel(string level)
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(2, 2).ToBytes());
        using var session = new ModelSession(file.ModelPath, new SessionSettings(2, 1, level));

        Assert.Single(session.Run(SessionRows.Request(SessionRows.Make(1, 2)), "m", null).Outputs);
    }

    [Fact]
    public void AnUnknownOptimizationLevelIsRefused()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(2, 2).ToBytes());

        Assert.Throws<ArgumentException>(() => new ModelSession(file.ModelPath, new SessionSettings(GraphOptimizationLevel: "max")));
    }

    [Fact]
    public void ACorruptModelFailsToLoadWithTheReason()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Corrupt());

        var error = Assert.Throws<OnnxModelException>(() => new ModelSession(file.ModelPath));

        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }
}
