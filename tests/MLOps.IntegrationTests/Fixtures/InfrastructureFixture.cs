using System.Globalization;
using MLOps.AppHost.Resources;
using Npgsql;

namespace MLOps.IntegrationTests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL and Azurite, started once per test collection. Tests isolate themselves by asking
/// for a fresh database (and, where they run silos, a fresh cluster id) instead of sharing tables.
/// </summary>
public class InfrastructureFixture : IAsyncLifetime
{
    private int _databaseCounter;

    public PostgresServer Postgres { get; private set; } = null!;

    public AzuriteServer Azurite { get; private set; } = null!;

    public string ArtifactsConnectionString => Azurite.ConnectionString;

    public virtual async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var postgres = PostgresServer.CreateTemporaryAsync(timeout.Token);
        var azurite = AzuriteServer.CreateTemporaryAsync(timeout.Token);
        Postgres = await postgres;
        Azurite = await azurite;
    }

    public virtual async Task DisposeAsync()
    {
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{purpose}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}").ToLowerInvariant();
        name = name[..Math.Min(name.Length, 48)];
        await using var connection = new NpgsqlConnection(Postgres.GetConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return Postgres.GetConnectionString(name);
    }
}
