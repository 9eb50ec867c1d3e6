using Microsoft.Extensions.Logging.Abstractions;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Database;
using Npgsql;

namespace MLOps.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class MigrationTests(InfrastructureFixture infrastructure)
{
    private static readonly int[] AllVersions = [.. MigrationCatalog.Load().Select(m => m.Version)];

    [Fact]
    public async Task MigratingTwiceAppliesEverythingOnceAndNothingTheSecondTime()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync("migrate_twice");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance);

        var first = await migrator.MigrateAsync(CancellationToken.None);
        var second = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(AllVersions, first);
        Assert.Empty(second);
        Assert.Equal(AllVersions.Length, await CountAsync(dataSource, "SELECT count(*) FROM mlops_schema_migrations"));
        Assert.True(await CountAsync(dataSource, "SELECT count(*) FROM orleansquery") >= 10);
    }

    [Fact]
    public async Task ReplicasMigratingAtTheSameMomentApplyEachVersionExactlyOnce()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync("migrate_concurrent");
        var dataSources = Enumerable.Range(0, 6).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            using var start = new ManualResetEventSlim();
            var runs = dataSources
                .Select(dataSource => Task.Run(() =>
                {
                    start.Wait();
                    return new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
                }))
                .ToList();
            start.Set();
            var applied = await Task.WhenAll(runs);

            Assert.Equal(AllVersions, applied.SelectMany(versions => versions).Order());
            Assert.Single(applied, versions => versions.Count > 0);
            Assert.Equal(AllVersions.Length, await CountAsync(dataSources[0], "SELECT count(*) FROM mlops_schema_migrations"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AnAppliedMigrationThatWasEditedStopsStartUp()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync("migrate_edited");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        await using (var tamper = dataSource.CreateCommand(
            "UPDATE mlops_schema_migrations SET checksum = repeat('0', 64) WHERE version = @version"))
        {
            tamper.Parameters.AddWithValue("version", AllVersions[^1]);
            await tamper.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
