using System.Globalization;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>
/// A started run that logs in the background. <see cref="LogMetric"/>, <see cref="LogParam(string, string)"/> and
/// <see cref="SetTag"/> only queue: a sender drains the queue into batches of at most 1000 metric points, 100 params
/// and 100 tags and posts each with its own batch id, retrying it with the same id (applied at most once) on 5xx,
/// time-outs and connection failures. The queue is bounded (<see cref="MlopsClientOptions.LogQueueCapacity"/>):
/// when it is full, the synchronous methods block and <see cref="LogMetricAsync"/> waits until there is room.
/// A refused batch (4xx: a param logged again with another value, a bad key, ...) is dropped and its
/// <see cref="MlopsException"/> is thrown by the run's next call or by <see cref="FlushAsync"/>.
/// Dispose the run (or call <see cref="EndAsync"/>) to send what is queued and end it.
/// </summary>
public sealed class ActiveRun : IAsyncDisposable
{
    private readonly MlopsClient _client;
    private readonly RunLogSender _sender;
    private int _ended;

    internal ActiveRun(MlopsClient client, Run run)
    {
        _client = client;
        Info = run;
        _sender = new RunLogSender(body => client.PostBatchAsync(run.Id, body, CancellationToken.None), client.Options);
    }

    /// <summary>The run's id.</summary>
    public string Id => Info.Id;

    /// <summary>The id of the run's experiment.</summary>
    public string ExperimentId => Info.ExperimentId;

    /// <summary>The run as the server started it.</summary>
    public Run Info { get; }

    /// <summary>Whether the run was ended (by <see cref="EndAsync"/> or by disposing it).</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Queues a param. A param never changes: logging it again with another value is refused (CONFLICT).</summary>
    public void LogParam(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        Enqueue(LogItem.Param(key, value));
    }

    /// <summary>Queues a param whose value is formatted with the invariant culture (0.01, not 0,01).</summary>
    public void LogParam(string key, IFormattable value)
    {
        ArgumentNullException.ThrowIfNull(value);
        LogParam(key, value.ToString(null, CultureInfo.InvariantCulture));
    }

    /// <summary>Queues several params.</summary>
    public void LogParams(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (key, value) in parameters)
        {
            LogParam(key, value);
        }
    }

    /// <summary>Queues a tag; a later value of the same tag replaces it.</summary>
    public void SetTag(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        Enqueue(LogItem.Tag(key, value));
    }

    /// <summary>
    /// Queues a metric point without waiting for the server. Blocks the calling thread only while the queue is full.
    /// </summary>
    /// <param name="key">The metric's name.</param>
    /// <param name="value">The value (NaN and infinities are kept).</param>
    /// <param name="step">The training step or epoch.</param>
    /// <param name="timestamp">When it was measured; now when null.</param>
    /// <exception cref="MlopsException">An earlier batch was refused (thrown once).</exception>
    public void LogMetric(string key, double value, long step = 0, DateTimeOffset? timestamp = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Enqueue(LogItem.Metric(key, value, step, timestamp ?? DateTimeOffset.UtcNow));
    }

    /// <summary>Queues a metric point, waiting asynchronously (instead of blocking) while the queue is full.</summary>
    /// <exception cref="MlopsException">An earlier batch was refused (thrown once).</exception>
    public ValueTask LogMetricAsync(string key, double value, long step = 0, DateTimeOffset? timestamp = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ThrowIfEnded();
        return _sender.EnqueueAsync(LogItem.Metric(key, value, step, timestamp ?? DateTimeOffset.UtcNow), cancellationToken);
    }

    /// <summary>Queues several metrics of the same step and time.</summary>
    public void LogMetrics(IEnumerable<KeyValuePair<string, double>> metrics, long step = 0, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var at = timestamp ?? DateTimeOffset.UtcNow;
        foreach (var (key, value) in metrics)
        {
            LogMetric(key, value, step, at);
        }
    }

    /// <summary>Records the datasets the run used (sent at once, not queued).</summary>
    public Task LogInputsAsync(IEnumerable<DatasetInput> datasets, CancellationToken cancellationToken = default) =>
        _client.LogInputsAsync(Id, datasets, cancellationToken);

    /// <summary>Stores a local file under the run, streamed; the path under the run defaults to the file's name.</summary>
    public Task<RunArtifact> LogArtifactAsync(
        string localPath, string? artifactPath = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _client.UploadRunArtifactAsync(Id, localPath, artifactPath, progress, cancellationToken);

    /// <summary>Stores the stream's bytes (from its current position) under the run at <paramref name="artifactPath"/>, streamed.</summary>
    public Task<RunArtifact> LogArtifactAsync(
        Stream content, string artifactPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _client.UploadRunArtifactAsync(Id, content, artifactPath, progress, cancellationToken);

    /// <summary>Waits until everything queued before the call has been sent.</summary>
    /// <exception cref="MlopsException">A batch was refused or could not be delivered (the first such error not yet thrown).</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfEnded();
        return _sender.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Sends what is queued, then ends the run with <paramref name="status"/> (FINISHED by default; FAILED or KILLED).
    /// The status is set even when a batch was refused; the refusal is thrown afterwards.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run was already ended.</exception>
    public async Task EndAsync(string status = RunStatuses.Finished, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            throw new InvalidOperationException($"Run {Id} was already ended.");
        }

        var failure = await _sender.CompleteAsync();
        await _client.SetRunStatusAsync(Id, status, cancellationToken);
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Ends the run with FINISHED unless <see cref="EndAsync"/> was called (a dispose cannot tell that an exception is
    /// on its way: call <see cref="EndAsync"/> with FAILED in a catch block to record a failure).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!IsEnded)
        {
            await EndAsync(RunStatuses.Finished);
        }
    }

    private void Enqueue(LogItem item)
    {
        ThrowIfEnded();
        _sender.Enqueue(item);
    }

    private void ThrowIfEnded()
    {
        if (IsEnded)
        {
            throw new InvalidOperationException($"Run {Id} has ended; start a new run to log more.");
        }
    }
}
