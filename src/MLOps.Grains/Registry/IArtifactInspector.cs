namespace MLOps.Grains.Registry;

/// <summary>Loads a stored artifact with ONNX Runtime and describes it (off the grain scheduler: it is CPU work).</summary>
public interface IArtifactInspector
{
    Task<ArtifactInspection> InspectAsync(string sha256, CancellationToken cancellationToken);
}
