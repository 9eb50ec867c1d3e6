using MLOps.Storage.Artifacts;
using MLOps.Storage.Database;
using Npgsql;

namespace MLOps.Server.Hosting;

/// <summary>
/// Brings PostgreSQL's schema and the artifact container up to date before the silo starts (it is registered
/// ahead of Orleans, and hosted services start in order). Retries while the database is still coming up.
/// </summary>
public sealed partial class StorageInitializer(DatabaseMigrator migrator, ArtifactStore artifacts, ILogger<StorageInitializer> logger) : IHostedService
{
    private const int MaxAttempts = 10;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                break;
            }
            catch (NpgsqlException e) when (e.IsTransient && attempt < MaxAttempts)
            {
                LogDatabaseUnavailable(attempt, MaxAttempts, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }

        await artifacts.EnsureContainerAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable yet (attempt {Attempt} of {MaxAttempts}): {Reason}")]
    private partial void LogDatabaseUnavailable(int attempt, int maxAttempts, string reason);
}
