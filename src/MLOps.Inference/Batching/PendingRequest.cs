using MLOps.Inference.Protocol;

namespace MLOps.Inference.Batching;

/// <summary>A request waiting in a batcher's queue, and the task its caller awaits.</summary>
internal sealed class PendingRequest : IDisposable
{
    private readonly TaskCompletionSource<InferenceResponse> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private Action? _done;

    // done: called once when the request leaves the batcher (answered, failed, cancelled or refused).
    public PendingRequest(
        InferenceRequest request, string modelName, string? version, string key, int rows, Action done, CancellationToken cancellationToken)
    {
        _done = done;
        Request = request;
        ModelName = modelName;
        Version = version;
        Key = key;
        Rows = rows;
        Enqueued = System.Diagnostics.Stopwatch.GetTimestamp();

        // Cancelling completes the task at once; the dispatcher drops completed requests when it meets them.
        _registration = cancellationToken.Register(() =>
        {
            _completion.TrySetCanceled(cancellationToken);
            Done();
        });
    }

    public InferenceRequest Request { get; }

    public string ModelName { get; }

    public string? Version { get; }

    public string Key { get; }

    public int Rows { get; }

    /// <summary>When the request entered the queue, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long Enqueued { get; }

    public Task<InferenceResponse> Task => _completion.Task;

    /// <summary>Work to do with the outcome once the caller has it.</summary>
    public IRunFollowUp? FollowUp { get; init; }

    /// <summary>Completes the caller's task with what <paramref name="produce"/> returns; returns it, or null when it threw.</summary>
    public InferenceResponse? Complete(Func<InferenceResponse> produce)
    {
        try
        {
            var response = produce();
            _completion.TrySetResult(response);
            return response;
        }
        catch (Exception e)
        {
            _completion.TrySetException(e);
            return null;
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        Done();
    }

    private void Done() => Interlocked.Exchange(ref _done, null)?.Invoke();
}
