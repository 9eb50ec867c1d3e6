using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Events;

/// <summary>
/// The transactional outbox of registry events. A writer appends the event inside the transaction that makes
/// the change, so the event exists if and only if the change committed; the same transaction queues one
/// webhook delivery per matching live webhook, so nothing is lost between commit and delivery, across restarts.
/// </summary>
public static class RegistryOutbox
{
    /// <summary>
    /// PostgreSQL notification channel pulsed when deliveries are queued. NOTIFY is transactional: listeners
    /// (the webhook dispatchers of every replica) hear it only once the appending transaction commits, and
    /// never for a rolled-back one. It is sent only when a delivery was queued; PostgreSQL serialises the commits
    /// of notifying transactions, which at the registry's write rate costs nothing noticeable.
    /// </summary>
    public const string DeliveriesChannel = "mlops_webhook_deliveries";

    // One statement: the event, then a delivery for each live webhook whose filters match. An empty filter
    // matches everything; a null model name matches only webhooks without a model filter.
    private const string AppendSql = """
        WITH event AS (
            INSERT INTO registry_events (event_type, model_name, version, actor, payload)
            VALUES (@type, @model, @version, @actor, @payload)
            RETURNING id
        ), deliveries AS (
            INSERT INTO webhook_deliveries (webhook_id, event_id)
            SELECT w.id, event.id
            FROM webhooks w CROSS JOIN event
            WHERE w.deleted_at IS NULL
              AND (cardinality(w.event_types) = 0 OR @type = ANY (w.event_types))
              AND (cardinality(w.model_names) = 0 OR @model = ANY (w.model_names))
            RETURNING 1
        )
        SELECT event.id, (SELECT count(*) FROM deliveries) FROM event
        """;

    /// <summary>
    /// Appends <paramref name="e"/> in <paramref name="transaction"/> and queues its webhook deliveries;
    /// returns the event's id. Nothing is visible, and nothing is delivered, until the caller commits.
    /// </summary>
    /// <exception cref="ArgumentException">The event type is unknown or the actor is empty (a programming error).</exception>
    public static async Task<long> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RegistryEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(e);
        if (!RegistryEventTypes.IsKnown(e.Type))
        {
            throw new ArgumentException($"'{e.Type}' is not a registry event type; add it to {nameof(RegistryEventTypes)} first.", nameof(e));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(e.Actor, nameof(e));

        long eventId;
        long deliveries;
        await using (var command = new NpgsqlCommand(AppendSql, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = e.Type });
            command.Parameters.Add(new NpgsqlParameter("model", NpgsqlDbType.Text) { Value = (object?)e.ModelName ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Integer) { Value = (object?)e.Version ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = e.Actor });
            command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = e.Payload?.ToJsonString() ?? "{}" });
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            eventId = reader.GetInt64(0);
            deliveries = reader.GetInt64(1);
        }

        if (deliveries > 0)
        {
            await using var notify = new NpgsqlCommand($"NOTIFY {DeliveriesChannel}", connection, transaction);
            await notify.ExecuteNonQueryAsync(ct);
        }

        return eventId;
    }
}
