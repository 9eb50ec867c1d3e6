using System.Diagnostics;
using MLOps.Inference.Batching;
using MLOps.Inference.Protocol;

namespace MLOps.Api.Monitoring;

/// <summary>
/// One monitored request's follow-up: folds it into its route's window profile and offers it to the prediction log,
/// once: after the model ran (on the batcher's thread), or with no response for a request that failed, whichever of
/// the batcher and the request's handler reports it first.
/// </summary>
public sealed class MonitoredRun(RouteMonitor monitor, PredictionLogger predictions, InferenceRequest request, DateTimeOffset at, bool serverId) : IRunFollowUp
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _done;

    /// <inheritdoc/>
    public void AfterRun(InferenceResponse? response)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return;
        }

        monitor.Fold(at, request, response, Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
        if (response is not null)
        {
            predictions.Offer(monitor, request, response, at, serverId);
        }
    }
}
