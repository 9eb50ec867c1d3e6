using System.Collections.Concurrent;
using MLOps.Inference.Batching;
using MLOps.Inference.Sessions;
using MLOps.Storage.Artifacts;

namespace MLOps.Api.Serving;

/// <summary>
/// One ONNX Runtime session (and its dynamic batcher) per artifact per process: loaded once from the
/// hash-verified local copy, warmed up before it serves, disposed with the process.
/// </summary>
public sealed class ServedModels(ArtifactStore artifacts, LocalArtifactCache cache) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ServedModel>>> _models = new(StringComparer.Ordinal);

    public Task<ServedModel> GetAsync(string sha256, CancellationToken cancellationToken)
    {
        var lazy = _models.GetOrAdd(sha256, hash => new Lazy<Task<ServedModel>>(() => LoadAsync(hash)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _models.TryRemove(new KeyValuePair<string, Lazy<Task<ServedModel>>>(sha256, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _models.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }

        _models.Clear();
    }

    private async Task<ServedModel> LoadAsync(string sha256)
    {
        var path = await cache.GetAsync(artifacts, sha256, CancellationToken.None);
        return await Task.Run(() =>
        {
            var session = new ModelSession(path, new SessionSettings());
            session.Warmup();
            return new ServedModel(session, new DynamicBatcher(session, new BatchingSettings()));
        });
    }
}

/// <summary>A loaded, warmed session and the batcher in front of it.</summary>
public sealed record ServedModel(ModelSession Session, DynamicBatcher Batcher) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Batcher.DisposeAsync();
        Session.Dispose();
    }
}
