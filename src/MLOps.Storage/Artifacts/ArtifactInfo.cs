namespace MLOps.Storage.Artifacts;

/// <summary>What the store knows about one content-addressed artifact.</summary>
public sealed record ArtifactInfo(string Sha256, long SizeBytes, string ContentType, DateTimeOffset CreatedAt);
