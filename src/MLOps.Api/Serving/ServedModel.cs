using MLOps.Inference.Batching;
using MLOps.Inference.Sessions;

namespace MLOps.Api.Serving;

/// <summary>
/// A loaded, warmed session and the batcher in front of it, with the requests running on it now: a model no
/// route keeps is disposed only once none is (drained).
/// </summary>
public sealed class ServedModel(string key, ModelSession session, DynamicBatcher batcher, DateTimeOffset loadedAt) : IAsyncDisposable
{
    private long _lastUsedTicks = loadedAt.UtcTicks;
    private int _inFlight;

    public string Key => key;

    public ModelSession Session => session;

    public DynamicBatcher Batcher => batcher;

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    /// <summary>Requests between <see cref="InferAsync"/>'s start and end.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    /// <summary>Runs a request through the batcher, counted as in flight until it completes.</summary>
    public async Task<MLOps.Inference.Protocol.InferenceResponse> InferAsync(
        MLOps.Inference.Protocol.InferenceRequest request, string modelName, string? version, DateTimeOffset now, CancellationToken cancellationToken = default,
        IRunFollowUp? followUp = null)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            Touch(now);
            return await batcher.InferAsync(request, modelName, version, cancellationToken, followUp);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await batcher.DisposeAsync();
        session.Dispose();
    }
}
