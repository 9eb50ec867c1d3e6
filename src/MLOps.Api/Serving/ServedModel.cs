using MLOps.Inference.Batching;
using MLOps.Inference.Sessions;

namespace MLOps.Api.Serving;

/// <summary>A loaded, warmed session and the batcher in front of it.</summary>
public sealed class ServedModel(string key, ModelSession session, DynamicBatcher batcher, DateTimeOffset loadedAt) : IAsyncDisposable
{
    private long _lastUsedTicks = loadedAt.UtcTicks;

    public string Key => key;

    public ModelSession Session => session;

    public DynamicBatcher Batcher => batcher;

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    public async ValueTask DisposeAsync()
    {
        await batcher.DisposeAsync();
        session.Dispose();
    }
}
