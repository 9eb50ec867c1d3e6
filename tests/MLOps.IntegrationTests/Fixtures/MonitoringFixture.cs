using Microsoft.Extensions.DependencyInjection;
using MLOps.Storage.Monitoring;

namespace MLOps.IntegrationTests.Fixtures;

/// <summary>
/// A server whose monitoring runs on short clocks: windows of a couple of seconds (the production minimum is a
/// minute), fast flushes, a short close grace and no cap on the prediction log, so a test sees windows close
/// while it waits and every prediction logged.
/// </summary>
public sealed class MonitoringFixture : InfrastructureFixture
{
    public const int WindowSeconds = 2;

    public ServerFactory Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The server's warnings and errors, and the debug lines of monitoring events and WebSocket subscriptions.</summary>
    public CapturedLogs Logs { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var database = await CreateDatabaseAsync("monitoring");
        Server = new ServerFactory(database, ArtifactsConnectionString, "cluster-" + Guid.NewGuid().ToString("N")[..8])
            .WithServices(services =>
            {
                services.Configure<MonitoringOptions>(options =>
                {
                    options.MinimumWindowSeconds = 1;
                    options.FlushIntervalMilliseconds = 200;
                    options.CloseGraceMilliseconds = 600;
                    options.CheckpointSeconds = 1;
                    options.PredictionLogRequestsPerSecond = 1_000_000;
                });
                Logs.AddTo(services, "MLOps.Api.Monitoring", "MLOps.Api.GraphQL.WebSockets");
            });
        Client = Server.StartAndCreateClient();
    }

    public override async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
