namespace MLOps.Grains.Registry;

/// <summary>
/// What loading an artifact with ONNX Runtime told us: the signature and metadata as JSON, or why it failed.
/// </summary>
public sealed record ArtifactInspection(bool Loaded, string? SignatureJson, string? MetadataJson, string? FailureReason)
{
    public static ArtifactInspection Failed(string reason) => new(false, null, null, reason);
}
