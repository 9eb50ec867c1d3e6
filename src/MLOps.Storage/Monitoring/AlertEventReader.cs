using System.Text.Json;
using MLOps.Contracts.Monitoring;
using MLOps.Storage.Events;
using MLOps.Storage.Registry;
using Npgsql;

namespace MLOps.Storage.Monitoring;

/// <summary>
/// Reads alert events back from the event outbox, where they are committed with the alert: the durable copy
/// of what the in-cluster stream carries, for a replica to catch up on notices the stream lost.
/// </summary>
public sealed class AlertEventReader(NpgsqlDataSource dataSource)
{
    /// <summary>The newest event id, where reading starts.</summary>
    public async Task<long> LastEventIdAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM registry_events");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Alert events after <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<(long EventId, AlertNotice Alert)>> ReadAsync(long afterId, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, payload::text FROM registry_events
            WHERE id > @after AND event_type IN (@raised, @resolved)
            ORDER BY id LIMIT @limit
            """);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("raised", RegistryEventTypes.AlertRaised);
        command.Parameters.AddWithValue("resolved", RegistryEventTypes.AlertResolved);
        command.Parameters.AddWithValue("limit", limit);
        var alerts = new List<(long, AlertNotice)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (JsonSerializer.Deserialize<AlertNotice>(reader.GetString(1), RegistryJson.Options) is { } alert)
            {
                alerts.Add((reader.GetInt64(0), alert));
            }
        }

        return alerts;
    }
}
