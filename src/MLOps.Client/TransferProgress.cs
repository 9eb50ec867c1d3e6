namespace MLOps.Client;

/// <summary>How far an artifact upload or download has come.</summary>
/// <param name="BytesTransferred">Bytes sent or received so far.</param>
/// <param name="TotalBytes">The size of the whole transfer, when known.</param>
public readonly record struct TransferProgress(long BytesTransferred, long? TotalBytes);
