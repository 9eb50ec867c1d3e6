namespace MLOps.Client;

/// <summary>Bytes in the content-addressed artifact store.</summary>
/// <param name="Sha256">The SHA-256 of the content, in hex: its address.</param>
/// <param name="SizeBytes">Its size in bytes.</param>
public sealed record StoredArtifact(string Sha256, long SizeBytes);
