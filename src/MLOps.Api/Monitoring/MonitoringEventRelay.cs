using Microsoft.Extensions.Hosting;
using MLOps.Contracts.Monitoring;
using MLOps.Contracts.Registry;
using Orleans.Streams;

namespace MLOps.Api.Monitoring;

/// <summary>Relays the cluster's monitoring stream into this process's <see cref="MonitoringEventHub"/>.</summary>
public sealed class MonitoringEventRelay(IClusterClient cluster, MonitoringEventHub hub) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stream = cluster.GetStreamProvider(RegistryStreams.ProviderName)
            .GetStream<MonitoringNotice>(StreamId.Create(MonitoringStreams.Namespace, MonitoringStreams.Key));
        var subscription = await stream.SubscribeAsync((notice, _) =>
        {
            hub.Publish(notice);
            return Task.CompletedTask;
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
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
}
