namespace MLOps.Inference.Batching;

/// <summary>
/// Told of every request's time in the queue and of every model execution, so serving can report Triton's
/// queue and compute durations and its execution count without the batcher knowing about metrics.
/// Called on the executing thread: implementations must be cheap and must not throw.
/// </summary>
public interface IBatchObserver
{
    /// <summary>A request left the queue for an execution after waiting <paramref name="queued"/>.</summary>
    void Dequeued(string modelName, string? version, TimeSpan queued);

    /// <summary>
    /// The model ran once for <paramref name="requests"/> requests and <paramref name="rows"/> rows, taking
    /// <paramref name="compute"/> (inputs in, run, outputs out).
    /// </summary>
    void Executed(string modelName, string? version, int requests, long rows, TimeSpan compute);
}
