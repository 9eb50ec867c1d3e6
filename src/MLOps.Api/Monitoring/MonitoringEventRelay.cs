using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLOps.Contracts.Monitoring;
using MLOps.Contracts.Registry;
using MLOps.Storage.Monitoring;
using Orleans.Streams;

namespace MLOps.Api.Monitoring;

/// <summary>
/// Relays monitoring events into this process's <see cref="MonitoringEventHub"/>: from the cluster stream at
/// once, and, because the in-memory stream may lose a message, alerts also from the event outbox every second
/// (they commit there with the alert). Each alert state is published once, whichever path brings it first.
/// </summary>
public sealed partial class MonitoringEventRelay(
    IClusterClient cluster, MonitoringEventHub hub, AlertEventReader outbox, ILogger<MonitoringEventRelay> logger) : BackgroundService
{
    private static readonly TimeSpan CatchUpInterval = TimeSpan.FromSeconds(1);
    private const int RememberedAlerts = 10_000;

    private readonly ConcurrentDictionary<(long Id, string State), byte> _published = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stream = cluster.GetStreamProvider(RegistryStreams.ProviderName)
            .GetStream<MonitoringNotice>(StreamId.Create(MonitoringStreams.Namespace, MonitoringStreams.Key));
        var lastEventId = await StartingPointAsync(stoppingToken);
        var subscription = await stream.SubscribeAsync((notice, _) =>
        {
            Publish(notice, "stream");
            return Task.CompletedTask;
        });
        try
        {
            using var timer = new PeriodicTimer(CatchUpInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    foreach (var (eventId, alert) in await outbox.ReadAsync(lastEventId, 1000, stoppingToken))
                    {
                        Publish(new MonitoringNotice(alert, null), "outbox");
                        lastEventId = eventId;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCatchUpFailed(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private void Publish(MonitoringNotice notice, string path)
    {
        if (notice.Alert is { } alert)
        {
            if (!_published.TryAdd((alert.Id, alert.State), 0))
            {
                return;
            }

            LogRelaying(alert.Id, alert.State, path);

            if (_published.Count > RememberedAlerts)
            {
                // Alerts are a few per rule and window: forgetting old ones only risks a repeat of an old alert
                // that both paths deliver after this point, which cannot happen for events read in order.
                _published.Clear();
                _published.TryAdd((alert.Id, alert.State), 0);
            }
        }

        hub.Publish(notice);
    }

    private async Task<long> StartingPointAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await outbox.LastEventIdAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCatchUpFailed(e.Message);
                await Task.Delay(CatchUpInterval, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {AlertId} {State} came first from the {Path}")]
    private partial void LogRelaying(long alertId, string state, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading alert events from the outbox failed; trying again in a second: {Reason}")]
    private partial void LogCatchUpFailed(string reason);
}
