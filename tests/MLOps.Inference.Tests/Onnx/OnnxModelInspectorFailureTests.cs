using MLOps.Inference.Onnx;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Onnx;

public sealed class OnnxModelInspectorFailureTests
{
    private readonly OnnxModelInspector _inspector = new();

    public static TheoryData<string> UnloadableModels => [.. Models.Keys];

    private static Dictionary<string, byte[]> Models { get; } = new()
    {
        ["corrupt"] = OnnxTestModels.Corrupt(),
        ["truncated to one byte"] = Truncate(1),
        ["truncated to a tenth"] = Truncate(0.1),
        ["truncated to nine tenths"] = Truncate(0.9),
        ["truncated by one byte"] = Truncate(-1),
        ["empty"] = [],
        ["random bytes"] = RandomBytes(),
        ["text"] = "name,weight\ninput,0.5\n"u8.ToArray(),
        ["unsupported operator"] = OnnxTestModels.UnsupportedOperator(),
    };

    [Theory]
    [MemberData(nameof(UnloadableModels))]
    public void UnloadableBytesThrowOnnxModelExceptionWithAReason(string model)
    {
        var error = Assert.Throws<OnnxModelException>(() => _inspector.Inspect(Models[model]));

        AssertReadable(error.Reason);
        Assert.Contains(error.Reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnloadableModels))]
    public void UnloadableFileThrowsOnnxModelExceptionWhoseReasonHidesTheLocalPath(string model)
    {
        using var file = new TemporaryModelFile(Models[model]);

        var error = Assert.Throws<OnnxModelException>(() => _inspector.Inspect(file.ModelPath));

        AssertReadable(error.Reason);
        Assert.DoesNotContain(file.DirectoryPath, error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Load model from", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UnloadableStreamThrowsOnnxModelException()
    {
        using var stream = new MemoryStream(OnnxTestModels.Corrupt());

        var error = Assert.Throws<OnnxModelException>(() => _inspector.Inspect(stream));

        AssertReadable(error.Reason);
    }

    [Fact]
    public void UnsupportedOperatorReasonNamesTheOperator()
    {
        var error = Assert.Throws<OnnxModelException>(() => _inspector.Inspect(OnnxTestModels.UnsupportedOperator()));

        Assert.Contains("MLOpsNoSuchOperator", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptModelReasonSaysParsingFailed()
    {
        var error = Assert.Throws<OnnxModelException>(() => _inspector.Inspect(OnnxTestModels.Corrupt()));

        Assert.Contains("protobuf parsing failed", error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ReasonKeepsTheOnnxRuntimeErrorAsTheInnerException()
    {
        var error = Assert.Throws<OnnxModelException>(() => _inspector.Inspect(OnnxTestModels.Corrupt()));

        Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(error.InnerException);
    }

    private static void AssertReadable(string reason)
    {
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.DoesNotContain("[ErrorCode:", reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reason);
    }

    private static byte[] Truncate(double fraction)
    {
        var model = OnnxTestModels.Linear(8, 3).ToBytes();
        var length = fraction switch
        {
            < 0 => model.Length + (int)fraction,
            >= 1 => (int)fraction,
            _ => (int)(model.Length * fraction),
        };
        return model[..length];
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[4096];
        new Random(20250131).NextBytes(bytes);
        return bytes;
    }
}
