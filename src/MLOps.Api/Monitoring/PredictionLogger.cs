using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MLOps.Inference.Protocol;
using MLOps.Storage.Deployments;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.Monitoring;

/// <summary>
/// Samples answered requests into the prediction log off the hot path (at the deployment's sample rate, capped
/// per replica by <see cref="MonitoringOptions.PredictionLogRequestsPerSecond"/>): the request thread only
/// decides the sample and queues; a background loop appends in bulk (one COPY per batch) and applies each deployment's
/// retention hourly. When PostgreSQL falls behind and the queue fills, new predictions are dropped and counted
/// (mlops.monitoring.predictions.dropped) rather than slowing inference.
/// </summary>
public sealed partial class PredictionLogger : BackgroundService
{
    public const string MeterName = "MLOps.Monitoring";
    private const int BatchSize = 5_000;
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(200);

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("mlops.monitoring.predictions.dropped", "{prediction}",
        "Predictions not logged because the prediction log's queue was full.");
    private static readonly Counter<long> Logged = Meter.CreateCounter<long>("mlops.monitoring.predictions.logged", "{prediction}",
        "Predictions written to the prediction log.");

    private readonly Channel<PredictionRecord> _queue;
    private readonly PredictionLogStore _store;
    private readonly DeploymentStore _deployments;
    private readonly TimeProvider _time;
    private readonly ILogger<PredictionLogger> _logger;
    private readonly int _requestsPerSecond;
    private long _pending;

    public PredictionLogger(PredictionLogStore store, DeploymentStore deployments, IOptions<MonitoringOptions> options, TimeProvider time, ILogger<PredictionLogger> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _deployments = deployments;
        _time = time;
        _logger = logger;
        _requestsPerSecond = options.Value.PredictionLogRequestsPerSecond;
        _queue = Channel.CreateBounded<PredictionRecord>(new BoundedChannelOptions(options.Value.PredictionQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    /// <summary>Predictions queued and not yet written (tests wait for it to reach zero).</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Queues the answered request's rows when the sample picks it; <paramref name="serverId"/> says the server made its id.</summary>
    public void Offer(RouteMonitor monitor, InferenceRequest request, InferenceResponse response, DateTimeOffset at, bool serverId)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        if (!monitor.SampleForLog(_requestsPerSecond))
        {
            return;
        }

        foreach (var row in PredictionRows.Create(monitor, request, response, at, serverId))
        {
            Interlocked.Increment(ref _pending);
            if (!_queue.Writer.TryWrite(row))
            {
                Interlocked.Decrement(ref _pending);
                Dropped.Add(1);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PredictionRecord>(BatchSize);
        var nextRetention = _time.GetUtcNow();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Gather for a moment unless a full batch is waiting: one COPY transaction per few hundred
                // milliseconds, not one per prediction when they trickle in.
                if (_queue.Reader.Count < BatchSize)
                {
                    await Task.Delay(GatherDelay, stoppingToken);
                }

                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var row))
                {
                    batch.Add(row);
                }

                await WriteAsync(batch, stoppingToken);
                if (_time.GetUtcNow() >= nextRetention)
                {
                    nextRetention = _time.GetUtcNow().AddHours(1);
                    await ApplyRetentionAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what is still queued is lost, as a sampled log may.
        }
    }

    private async Task WriteAsync(List<PredictionRecord> batch, CancellationToken ct)
    {
        try
        {
            await _store.AppendAsync(batch, ct);
            Logged.Add(batch.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWriteFailed(batch.Count, e.Message);
            Dropped.Add(batch.Count);
        }
        finally
        {
            Interlocked.Add(ref _pending, -batch.Count);
            batch.Clear();
        }
    }

    private async Task ApplyRetentionAsync(CancellationToken ct)
    {
        try
        {
            foreach (var deployment in await _deployments.ListAsync(ct))
            {
                var days = deployment.Spec.Monitoring?.RetentionDays ?? new Contracts.Monitoring.MonitoringSpec().RetentionDays;
                await _store.DeleteOlderThanAsync(deployment.Name, _time.GetUtcNow().AddDays(-days), ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRetentionFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} predictions to the prediction log failed; they are dropped: {Reason}")]
    private partial void LogWriteFailed(int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying the prediction log's retention failed; it is tried again in an hour: {Reason}")]
    private partial void LogRetentionFailed(string reason);
}
