using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Database;
using Npgsql;
using Orleans.TestingHost;

namespace MLOps.IntegrationTests.Cluster;

/// <summary>Grain state and reminders live in PostgreSQL: they outlive every silo that wrote them.</summary>
[Collection(StorageCollection.Name)]
public sealed class DurableStateTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task GrainStateWrittenBeforeASiloRestartIsReadAfterIt()
    {
        var database = await MigratedDatabaseAsync("grain_state");
        var serviceId = "state-" + Guid.NewGuid().ToString("N")[..8];

        var first = await StartClusterAsync(database, serviceId);
        await first.Client.GetGrain<ICounterGrain>("model-a").IncrementAsync();
        Assert.Equal(2, await first.Client.GetGrain<ICounterGrain>("model-a").IncrementAsync());
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        var second = await StartClusterAsync(database, serviceId);
        try
        {
            Assert.Equal(2, await second.Client.GetGrain<ICounterGrain>("model-a").GetAsync());
            Assert.Equal(0, await second.Client.GetGrain<ICounterGrain>("model-b").GetAsync());
            Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM orleans_grain_state WHERE service_id = @service", serviceId));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task ARemindersRegisteredOnOneSiloFiresOnTheNextFromPostgres()
    {
        var database = await MigratedDatabaseAsync("reminders");
        var serviceId = "reminders-" + Guid.NewGuid().ToString("N")[..8];
        var grainId = Guid.NewGuid();

        var first = await StartClusterAsync(database, serviceId);
        await first.Client.GetGrain<IReminderProbeGrain>(grainId).StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM orleans_reminder WHERE service_id = @service", serviceId));
        await first.StopAllSilosAsync();
        await first.DisposeAsync();
        ReminderProbeGrain.Ticks.TryRemove(grainId, out _);

        // Nothing in this process remembers the reminder now: only its row in PostgreSQL does.
        var second = await StartClusterAsync(database, serviceId);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (ReminderProbeGrain.Ticks.GetValueOrDefault(grainId) < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.True(ReminderProbeGrain.Ticks.GetValueOrDefault(grainId) >= 2, "The reminder did not fire twice on the restarted cluster within 60 s.");
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    private async Task<string> MigratedDatabaseAsync(string purpose)
    {
        var database = await infrastructure.CreateDatabaseAsync(purpose);
        await using var dataSource = NpgsqlDataSource.Create(database);
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    private static async Task<TestCluster> StartClusterAsync(string database, string serviceId)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId;
        builder.Options.UseTestClusterMembership = false;
        builder.ConfigureHostConfiguration(configuration =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [AdoNetTestSiloConfigurator.DatabaseKey] = database }));
        builder.AddSiloBuilderConfigurator<AdoNetTestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<AdoNetTestClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task<long> ScalarAsync(string database, string sql, string serviceId)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("service", serviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
