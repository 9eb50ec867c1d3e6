using MLOps.Inference.Onnx;

namespace MLOps.Inference.Tests.Onnx;

public sealed class OnnxRuntimeErrorMessageTests
{
    [Fact]
    public void ErrorCodeAndLoadModelWrapperAreRemoved()
    {
        var reason = OnnxRuntimeErrorMessage.ToReason(
            "[ErrorCode:InvalidProtobuf] Load model from /tmp/abc123/model.onnx failed:Protobuf parsing failed.",
            "/tmp/abc123/model.onnx");

        Assert.Equal("Protobuf parsing failed.", reason);
    }

    [Fact]
    public void SourceLocationAndFunctionSignatureAreRemoved()
    {
        var reason = OnnxRuntimeErrorMessage.ToReason(
            "[ErrorCode:Fail] Load model from m.onnx failed:/onnxruntime_src/onnxruntime/core/graph/model.cc:180 "
            + "onnxruntime::Model::Model(onnx::ModelProto&&, const PathString&, const onnxruntime::ModelOptions&) "
            + "Unsupported model IR version: 11, max supported IR version: 10",
            null);

        Assert.Equal("Unsupported model IR version: 11, max supported IR version: 10", reason);
    }

    [Fact]
    public void SignatureWithAReturnTypeIsRemoved()
    {
        var reason = OnnxRuntimeErrorMessage.ToReason(
            "[ErrorCode:Fail] /onnxruntime_src/onnxruntime/core/providers/cpu/math/element_wise_ops.h:540 "
            + "void onnxruntime::BroadcastIterator::Init(ptrdiff_t, ptrdiff_t) axis == 1 || axis == largest was false. "
            + "Attempting to broadcast an axis by a dimension other than 1. 3 by 4",
            null);

        Assert.Equal(
            "axis == 1 || axis == largest was false. Attempting to broadcast an axis by a dimension other than 1.",
            reason);
    }

    [Fact]
    public void OnlyTheFirstLineAndTwoSentencesAreKept()
    {
        var reason = OnnxRuntimeErrorMessage.ToReason(
            "First sentence. Second sentence. Third sentence.\nStacktrace:\n  at frame 1",
            null);

        Assert.Equal("First sentence. Second sentence.", reason);
    }

    [Fact]
    public void ModelDirectoryIsRemovedFromPathsInTheMessage()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mlops-upload-7f3a");
        var modelPath = Path.Combine(directory, "model.onnx");

        var reason = OnnxRuntimeErrorMessage.ToReason(
            $"External data file {Path.Combine(directory, "weights.bin")} was not found",
            modelPath);

        Assert.Equal("External data file weights.bin was not found", reason);
    }

    [Fact]
    public void EmptyMessageStillGivesAReason()
    {
        Assert.False(string.IsNullOrWhiteSpace(OnnxRuntimeErrorMessage.ToReason("[ErrorCode:Fail] ", null)));
    }

    [Fact]
    public void OverlongMessageIsCut()
    {
        var reason = OnnxRuntimeErrorMessage.ToReason(new string('x', 5000), null);

        Assert.True(reason.Length <= 400);
        Assert.EndsWith("...", reason, StringComparison.Ordinal);
    }
}
