using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLOps.Contracts.Registry;
using Orleans.Streams;

namespace MLOps.Api.Serving;

/// <summary>
/// Keeps this process's <see cref="RouteTable"/> current: refreshes when a deployment or an alias changes or a
/// version becomes ready (registry events on the in-cluster stream reach every silo at once), and every 30
/// seconds as a safety net for an event the in-memory stream lost.
/// </summary>
public sealed partial class RouteRefresher(RouteTable routes, IClusterClient cluster, ILogger<RouteRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan SafetyInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stream = cluster.GetStreamProvider(RegistryStreams.ProviderName)
            .GetStream<RegistryEventNotice>(StreamId.Create(RegistryStreams.Namespace, RegistryStreams.Key));
        var subscription = await stream.SubscribeAsync((notice, _) =>
        {
            if (AffectsRoutes(notice.Type))
            {
                _wake.Release();
            }

            return Task.CompletedTask;
        });
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await routes.RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRefreshFailed(e.Message);
                }

                await _wake.WaitAsync(SafetyInterval, stoppingToken);
                while (_wake.CurrentCount > 0)
                {
                    await _wake.WaitAsync(stoppingToken);
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

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private static bool AffectsRoutes(string type) =>
        type.StartsWith("deployment.", StringComparison.Ordinal)
        || type.StartsWith("model_alias.", StringComparison.Ordinal)
        || type == "model_version.ready"
        || type == "model_version.reference_profiled";

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the route table failed; the current routes stay: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}
