namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>
/// One operation a client started with subscribe: its id, and the signal that stops it (the client's complete,
/// the end of its stream, or the socket closing).
/// </summary>
internal sealed class GraphQLWebSocketOperation(string id) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private bool _disposed;

    public string Id => id;

    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>Completes when the operation is stopped.</summary>
    public Task Stopped => _stopped.Task;

    public bool IsStopped => _stopped.Task.IsCompleted;

    /// <summary>The task running the operation, awaited when the socket closes.</summary>
    public Task Execution { get; set; } = Task.CompletedTask;

    /// <summary>Stops the operation; safe to call from any thread, any number of times.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_stopped.TrySetResult() && !_disposed)
            {
                _cancellation.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _cancellation.Dispose();
        }
    }
}
