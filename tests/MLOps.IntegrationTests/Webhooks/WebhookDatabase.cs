using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Database;
using MLOps.Storage.Events;
using MLOps.Storage.Webhooks;
using Npgsql;

namespace MLOps.IntegrationTests.Webhooks;

/// <summary>A fresh, migrated database for one test, with the webhook repository and outbox over it.</summary>
public sealed class WebhookDatabase : IAsyncDisposable
{
    private WebhookDatabase(string connectionString, NpgsqlDataSource dataSource)
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
        Webhooks = new WebhookRepository(dataSource);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public WebhookRepository Webhooks { get; }

    public static async Task<WebhookDatabase> CreateAsync(InfrastructureFixture infrastructure, string purpose)
    {
        var connectionString = await infrastructure.CreateDatabaseAsync(purpose);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return new WebhookDatabase(connectionString, dataSource);
    }

    /// <summary>Appends the event in a transaction of its own, committed or rolled back; returns its id.</summary>
    public async Task<long> AppendAsync(RegistryEvent e, bool commit = true)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await RegistryOutbox.AppendAsync(connection, transaction, e, CancellationToken.None);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return id;
    }

    public async Task<string> CreateWebhookAsync(string url, string[]? eventTypes = null, string[]? modelNames = null) =>
        (await Webhooks.CreateAsync(url, eventTypes, modelNames, null, "tester", CancellationToken.None)).Secret;

    public async Task<Webhook> SingleWebhookAsync() => Assert.Single(await Webhooks.ListAsync(CancellationToken.None));

    public Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(Guid webhookId) =>
        Webhooks.ListDeliveriesAsync(webhookId, WebhookRepository.MaxPageSize, null, CancellationToken.None);

    public async Task<long> CountAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls the webhook's deliveries until <paramref name="done"/> holds for them.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitForDeliveriesAsync(
        Guid webhookId, Func<IReadOnlyList<WebhookDelivery>, bool> done, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var deliveries = await DeliveriesAsync(webhookId);
            if (done(deliveries))
            {
                return deliveries;
            }

            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("Deliveries did not reach the expected state: " +
                    string.Join("; ", deliveries.Select(d => $"{d.Id} {d.State} x{d.Attempts} {d.LastStatusCode} {d.LastError}")));
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await DataSource.DisposeAsync();
}
