using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MLOps.Contracts.Monitoring;
using MLOps.Monitoring.Windows;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.Monitoring;

/// <summary>
/// Flushes this replica's partial window profiles to the window grains every
/// <see cref="MonitoringOptions.FlushIntervalMilliseconds"/>: one grain call per window and flush, never per
/// request. A flush that fails is merged into the next one, so nothing is lost while a grain is unreachable,
/// and each partial carries this replica's id and an increasing sequence so a retried call is applied once.
/// </summary>
public sealed partial class MonitoringFlusher(
    MonitoringCollector collector, IGrainFactory grains, IOptions<MonitoringOptions> options, ILogger<MonitoringFlusher> logger) : BackgroundService
{
    private readonly string _replicaId = Guid.NewGuid().ToString("N");
    private readonly Dictionary<(string, string, int, DateTimeOffset), (WindowProfile Profile, int WindowSeconds)> _unsent = [];
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _sequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.FlushIntervalMilliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: one last flush so the windows get what this replica served.
            await FlushAsync();
        }
    }

    /// <summary>Sends everything folded so far (tests call it to flush at once).</summary>
    public async Task FlushAsync()
    {
        await _flushing.WaitAsync();
        try
        {
            await FlushOnceAsync();
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task FlushOnceAsync()
    {
        foreach (var monitor in collector.TakeForFlush())
        {
            foreach (var (start, profile) in monitor.TakePartials())
            {
                var key = (monitor.Deployment, monitor.ModelName, monitor.Version, start);
                if (_unsent.Remove(key, out var earlier))
                {
                    earlier.Profile.Merge(profile);
                    _unsent[key] = earlier;
                }
                else
                {
                    _unsent[key] = (profile, monitor.Spec.WindowSeconds);
                }
            }
        }

        foreach (var (key, pending) in _unsent.ToList())
        {
            var window = new DriftWindowKey(key.Item1, key.Item2, key.Item3, key.Item4);
            try
            {
                var partial = new WindowPartial(_replicaId, Interlocked.Increment(ref _sequence), pending.WindowSeconds, pending.Profile.Serialize());
                await grains.GetGrain<IDriftWindowGrain>(window.ToString()).AddPartialAsync(partial);
                _unsent.Remove(key);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFlushFailed(window.ToString(), e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flushing window {Window} failed; it is retried with the next flush: {Reason}")]
    private partial void LogFlushFailed(string window, string reason);
}
