namespace MLOps.Inference.Batching;

/// <summary>How a <see cref="DynamicBatcher"/> groups requests.</summary>
/// <param name="MaxBatchSize">The most rows one model execution takes.</param>
/// <param name="MaxQueueDelay">
/// How long the oldest queued request may wait for others to join it while an instance is free. Zero (the
/// default, as in Triton) runs whatever is queued as soon as an instance is free, so batches form only from
/// requests that arrived while every instance was busy.
/// </param>
/// <param name="Enabled">Whether requests are grouped at all; when false each runs alone.</param>
/// <param name="Instances">How many executions of the model may run at once (Triton's instance count).</param>
public sealed record BatchingSettings(int MaxBatchSize, TimeSpan MaxQueueDelay, bool Enabled = true, int Instances = 1)
{
    /// <summary>Batches of up to 32 rows, no added queue delay, one instance.</summary>
    public BatchingSettings()
        : this(32, TimeSpan.Zero)
    {
    }
}
