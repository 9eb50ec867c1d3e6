namespace MLOps.Inference.Batching;

/// <summary>How a <see cref="DynamicBatcher"/> groups requests.</summary>
/// <param name="MaxBatchSize">The most rows one model execution takes.</param>
/// <param name="MaxQueueDelay">How long the first queued request waits for others to join it.</param>
/// <param name="Enabled">Whether requests are grouped at all; when false each runs alone.</param>
public sealed record BatchingSettings(int MaxBatchSize, TimeSpan MaxQueueDelay, bool Enabled = true)
{
    /// <summary>Batches of up to 32 rows, waiting at most 1 ms for company.</summary>
    public BatchingSettings()
        : this(32, TimeSpan.FromMilliseconds(1))
    {
    }
}
