using Microsoft.Extensions.Logging.Abstractions;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Cluster;
using MLOps.Storage.Database;
using Npgsql;

namespace MLOps.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class MembershipJanitorTests(InfrastructureFixture infrastructure)
{
    private const int Active = 3;

    [Fact]
    public async Task MarksOnlyThatClustersLiveSilosDeadAndBumpsItsVersionOnce()
    {
        await using var dataSource = NpgsqlDataSource.Create(await infrastructure.CreateDatabaseAsync("membership_janitor"));
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await ExecuteAsync(dataSource, "INSERT INTO orleans_membership_version (cluster_id, version) VALUES ('local', 7), ('other', 4)");
        await AddSiloAsync(dataSource, "local", 11111, Active);
        await AddSiloAsync(dataSource, "local", 11112, Active);
        await AddSiloAsync(dataSource, "local", 11113, MembershipJanitor.DeadStatus);
        await AddSiloAsync(dataSource, "other", 11111, Active);
        var janitor = new MembershipJanitor(dataSource);

        var marked = await janitor.MarkAllDeadAsync("local", CancellationToken.None);
        var again = await janitor.MarkAllDeadAsync("local", CancellationToken.None);

        Assert.Equal(2, marked);
        Assert.Equal(0, again);
        Assert.Equal([MembershipJanitor.DeadStatus], await ScalarsAsync(dataSource, "SELECT DISTINCT status FROM orleans_membership_entry WHERE cluster_id = 'local'"));
        Assert.Equal([Active], await ScalarsAsync(dataSource, "SELECT status FROM orleans_membership_entry WHERE cluster_id = 'other'"));
        Assert.Equal([8], await ScalarsAsync(dataSource, "SELECT version FROM orleans_membership_version WHERE cluster_id = 'local'"));
        Assert.Equal([4], await ScalarsAsync(dataSource, "SELECT version FROM orleans_membership_version WHERE cluster_id = 'other'"));
    }

    [Fact]
    public async Task ADatabaseTheServerHasNotMigratedYetHasNothingToMark()
    {
        await using var dataSource = NpgsqlDataSource.Create(await infrastructure.CreateDatabaseAsync("membership_janitor_fresh"));

        var marked = await new MembershipJanitor(dataSource).MarkAllDeadAsync("local", CancellationToken.None);

        Assert.Equal(0, marked);
        Assert.Equal([false], await ScalarsAsync(dataSource, "SELECT to_regclass('orleans_membership_entry') IS NOT NULL"));
    }

    private static async Task AddSiloAsync(NpgsqlDataSource dataSource, string cluster, int port, int status)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO orleans_membership_entry (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
            VALUES (@cluster, '127.0.0.1', @port, 1, 'silo', 'host', @status, 0, now(), now())
            """);
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("port", port);
        command.Parameters.AddWithValue("status", status);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<object>> ScalarsAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0));
        }

        return values;
    }
}
