namespace MLOps.Client;

/// <summary>Settings of an <see cref="MlopsClient"/> and of the runs it starts.</summary>
public sealed class MlopsClientOptions
{
    /// <summary>
    /// Most params, tags and metric points a run holds in memory waiting to be sent (default 100,000). When the
    /// queue is full, <see cref="ActiveRun.LogMetric"/> blocks and <see cref="ActiveRun.LogMetricAsync"/> waits
    /// until the background sender has made room.
    /// </summary>
    public int LogQueueCapacity { get; set; } = 100_000;

    /// <summary>
    /// How long the background sender waits for a partly filled batch to fill before sending it (default 100 ms).
    /// A full batch (1000 metrics, 100 params or 100 tags) and a flush are sent at once.
    /// </summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Attempts at sending a batch before it is given up and the failure reported (default 6).</summary>
    public int MaxBatchAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry of a batch; it doubles on each retry, up to 30 seconds (default 500 ms).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest wait for the answer to a GraphQL call, a batch or an inference (default 100 seconds). Artifact
    /// uploads and downloads have no time limit: they stream for as long as the bytes flow.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Whether <see cref="MlopsClient.InferAsync(string, IEnumerable{InferenceTensor}, string?, CancellationToken)"/>
    /// uses the Open Inference Protocol's binary tensor data extension (Triton's and KServe's, default true): the
    /// inputs travel as raw bytes after the JSON object and the outputs are asked for the same way, which spares
    /// both ends printing and parsing numbers. An answer in plain JSON is read as well. Set it to false for a
    /// server without the extension (one whose GET /v2 does not list binary_tensor_data): every tensor then
    /// travels as JSON.
    /// </summary>
    public bool BinaryTensors { get; set; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(LogQueueCapacity, 1, nameof(LogQueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchDelay, TimeSpan.Zero, nameof(BatchDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchAttempts, 1, nameof(MaxBatchAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
    }
}
