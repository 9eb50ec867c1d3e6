namespace MLOps.Storage.Artifacts;

/// <summary>
/// An open read of an artifact, or of a byte range of it. The caller owns <see cref="Content"/> and must
/// dispose it; nothing is buffered beyond what the blob client streams.
/// </summary>
public sealed record ArtifactDownload(ArtifactInfo Info, Stream Content, long Offset, long Length) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
