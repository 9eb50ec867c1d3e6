using MLOps.Inference.Protocol;

namespace MLOps.Inference.Batching;

/// <summary>
/// Work on a request's outcome that its caller need not wait for, such as folding it into a monitoring window. The
/// batcher does it on the thread that ran the model, after every request of the run has its answer and before that
/// instance takes its next batch: under load the requests that arrive meanwhile join that batch, so the work is paid
/// for with larger batches rather than taken from the threads that read and answer requests.
/// </summary>
public interface IRunFollowUp
{
    /// <summary>Called once, when the request was answered (<paramref name="response"/>) or failed (null).</summary>
    /// <param name="response">The request's own response, or null when it failed.</param>
    void AfterRun(InferenceResponse? response);
}
