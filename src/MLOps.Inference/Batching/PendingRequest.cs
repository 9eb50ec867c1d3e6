using MLOps.Inference.Protocol;

namespace MLOps.Inference.Batching;

/// <summary>A request waiting in a batcher's queue, and the task its caller awaits.</summary>
internal sealed class PendingRequest : IDisposable
{
    private readonly TaskCompletionSource<InferenceResponse> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;

    public PendingRequest(
        InferenceRequest request, string modelName, string? version, string key, int rows, CancellationToken cancellationToken)
    {
        Request = request;
        ModelName = modelName;
        Version = version;
        Key = key;
        Rows = rows;
        Enqueued = System.Diagnostics.Stopwatch.GetTimestamp();

        // Cancelling completes the task at once; the dispatcher drops completed requests when it meets them.
        _registration = cancellationToken.Register(() => _completion.TrySetCanceled(cancellationToken));
    }

    public InferenceRequest Request { get; }

    public string ModelName { get; }

    public string? Version { get; }

    public string Key { get; }

    public int Rows { get; }

    /// <summary>When the request entered the queue, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long Enqueued { get; }

    public Task<InferenceResponse> Task => _completion.Task;

    public void Complete(Func<InferenceResponse> produce)
    {
        try
        {
            _completion.TrySetResult(produce());
        }
        catch (Exception e)
        {
            _completion.TrySetException(e);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose() => _registration.Dispose();
}
