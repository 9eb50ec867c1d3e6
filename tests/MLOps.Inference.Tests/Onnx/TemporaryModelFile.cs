namespace MLOps.Inference.Tests.Onnx;

/// <summary>A model written to its own temporary directory, deleted on dispose.</summary>
internal sealed class TemporaryModelFile : IDisposable
{
    public TemporaryModelFile(byte[] model)
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), $"mlops-inference-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(DirectoryPath);
        ModelPath = Path.Combine(DirectoryPath, "model.onnx");
        File.WriteAllBytes(ModelPath, model);
    }

    public string DirectoryPath { get; }

    public string ModelPath { get; }

    public void Dispose() => Directory.Delete(DirectoryPath, recursive: true);
}
