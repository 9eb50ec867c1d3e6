using System.Collections.Concurrent;
using System.Globalization;
using MLOps.Contracts.Serving;
using MLOps.Inference.Batching;
using MLOps.Inference.Sessions;
using MLOps.Storage.Artifacts;

namespace MLOps.Api.Serving;

/// <summary>
/// One ONNX Runtime session (and its dynamic batcher) per artifact and settings per process: loaded once from
/// the hash-verified local copy, warmed up before it serves, retired when no route has used it for a while.
/// </summary>
public sealed class ServedModels(
    ArtifactStore artifacts, LocalArtifactCache cache, TimeProvider time, Microsoft.Extensions.Configuration.IConfiguration configuration, ServingTelemetry telemetry)
    : IAsyncDisposable
{
    private static readonly TimeSpan RetireAfter = TimeSpan.FromSeconds(30);

    private static readonly SessionSpec DirectSession = new();

    private readonly ConcurrentDictionary<string, Lazy<Task<ServedModel>>> _models = new(StringComparer.Ordinal);

    // Read once: the direct-addressing path runs per request.
    private readonly BatchingSpec _directBatching = DirectBatching(configuration);

    /// <summary>The models loaded now.</summary>
    public IEnumerable<ServedModel> Loaded =>
        _models.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result);

    /// <summary>
    /// Batching for versions addressed directly: Serving:Batching:Enabled (default true), :MaxBatchSize,
    /// :MaxQueueDelayMicroseconds and :Instances (defaults as a deployment's).
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is present but out of range; the server refuses to start.</exception>
    public static BatchingSpec DirectBatching(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new BatchingSpec();
        var section = configuration.GetSection("Serving:Batching");
        int Read(string name, int fallback, int min, int max) => section[name] is not { } text
            ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new InvalidOperationException($"Serving:Batching:{name} is '{text}'; it must be a whole number from {min} to {max}.");
        return new BatchingSpec(
            !string.Equals(section["Enabled"], "false", StringComparison.OrdinalIgnoreCase),
            Read("MaxBatchSize", defaults.MaxBatchSize, 1, 1024),
            Read("MaxQueueDelayMicroseconds", defaults.MaxQueueDelayMicroseconds, 0, 1_000_000),
            Read("Instances", defaults.Instances, 1, 64));
    }

    public static string KeyOf(string sha256, SessionSpec session, BatchingSpec batching) => string.Create(
        CultureInfo.InvariantCulture,
        $"{sha256}|{session.IntraOpThreads}|{session.GraphOptimizationLevel}|{batching.Enabled}|{batching.MaxBatchSize}|{batching.MaxQueueDelayMicroseconds}|{batching.Instances}");

    /// <summary>
    /// A version addressed directly (no deployment): default session settings, and batching as configured by
    /// Serving:Batching:Enabled (default on).
    /// </summary>
    public Task<ServedModel> GetAsync(string sha256, CancellationToken cancellationToken) =>
        GetAsync(sha256, DirectSession, _directBatching, cancellationToken);

    public async Task<ServedModel> GetAsync(string sha256, SessionSpec session, BatchingSpec batching, CancellationToken cancellationToken)
    {
        var key = KeyOf(sha256, session, batching);
        var lazy = _models.GetOrAdd(key, _ => new Lazy<Task<ServedModel>>(() => LoadAsync(key, sha256, session, batching)));
        try
        {
            var model = await lazy.Value.WaitAsync(cancellationToken);
            model.Touch(time.GetUtcNow());
            return model;
        }
        catch when (lazy.Value.IsFaulted)
        {
            _models.TryRemove(new KeyValuePair<string, Lazy<Task<ServedModel>>>(key, lazy));
            throw;
        }
    }

    /// <summary>
    /// Disposes sessions that no route keeps, that nobody used for a while and that no request is running on
    /// (drained), so a request is never cut off.
    /// </summary>
    public async Task RetireUnusedAsync(IReadOnlySet<string> routedKeys)
    {
        ArgumentNullException.ThrowIfNull(routedKeys);
        var now = time.GetUtcNow();
        foreach (var (key, lazy) in _models)
        {
            if (routedKeys.Contains(key) || !lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully)
            {
                continue;
            }

            var model = lazy.Value.Result;
            if (now - model.LastUsed > RetireAfter && model.InFlight == 0 && _models.TryRemove(new KeyValuePair<string, Lazy<Task<ServedModel>>>(key, lazy)))
            {
                await model.DisposeAsync();
            }
        }
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

    private async Task<ServedModel> LoadAsync(string key, string sha256, SessionSpec session, BatchingSpec batching)
    {
        var path = await cache.GetAsync(artifacts, sha256, CancellationToken.None);
        return await Task.Run(() =>
        {
            var model = new ModelSession(path, new SessionSettings(session.IntraOpThreads, 1, session.GraphOptimizationLevel));
            model.Warmup();
            var batcher = new DynamicBatcher(model, new BatchingSettings(
                batching.MaxBatchSize, TimeSpan.FromTicks(batching.MaxQueueDelayMicroseconds * 10L), batching.Enabled, batching.Instances), telemetry);
            return new ServedModel(key, model, batcher, time.GetUtcNow());
        });
    }
}
