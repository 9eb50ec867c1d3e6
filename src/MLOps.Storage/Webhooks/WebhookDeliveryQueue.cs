using MLOps.Storage.Events;
using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Webhooks;

/// <summary>
/// The dispatchers' side of webhook_deliveries: a work queue shared by every replica. A claim leases due
/// deliveries in one short statement (<c>FOR UPDATE SKIP LOCKED</c>, so replicas never claim the same row) by
/// counting the attempt and pushing <c>next_attempt_at</c> past the end of the attempt; no lock is held while
/// the request is in flight. An outcome is recorded only if the lease is still ours (same attempt number, still
/// pending); a dispatcher that dies mid-attempt leaves the lease to run out, and the delivery is attempted again.
/// </summary>
public sealed class WebhookDeliveryQueue(NpgsqlDataSource dataSource)
{
    private const string ClaimSql = """
        WITH due AS (
            SELECT id FROM webhook_deliveries
            WHERE state = 'PENDING' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
        ), claimed AS (
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, next_attempt_at = now() + @lease, updated_at = now()
            FROM due
            WHERE d.id = due.id
            RETURNING d.id, d.attempts, d.webhook_id, d.event_id
        )
        SELECT c.id, c.attempts, w.id, w.url, w.secret, w.deleted_at IS NOT NULL,
               e.id, e.event_type, e.occurred_at, e.model_name, e.version, e.actor, e.payload::text
        FROM claimed c
        JOIN webhooks w ON w.id = c.webhook_id
        JOIN registry_events e ON e.id = c.event_id
        ORDER BY c.id
        """;

    private const string RecordSql = """
        WITH updated AS (
            UPDATE webhook_deliveries
            SET state = @state,
                next_attempt_at = CASE WHEN @state = 'PENDING' THEN now() + @delay ELSE now() END,
                last_status_code = @status, last_error = @error, updated_at = now()
            WHERE id = @id AND attempts = @attempt AND state = 'PENDING'
            RETURNING id
        ), logged AS (
            INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
            VALUES (@id, @attempt, now() - make_interval(secs => @duration / 1000), @status, @error, @duration)
        )
        SELECT count(*) FROM updated
        """;

    /// <summary>Leases up to <paramref name="limit"/> due deliveries for one attempt each, for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit });
        command.Parameters.Add(new NpgsqlParameter("lease", NpgsqlDbType.Interval) { Value = lease });
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedDelivery(
                reader.GetInt64(0),
                reader.GetInt32(1),
                reader.GetGuid(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetBoolean(5),
                reader.GetInt64(6),
                reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetInt32(10),
                reader.GetString(11),
                reader.GetString(12)));
        }

        return claimed;
    }

    /// <summary>
    /// Logs the attempt and moves the delivery on (done, given up, or due again after the retry delay).
    /// Returns false when the lease had already run out and another attempt owns the delivery: the attempt is
    /// still logged, but the delivery is left to its new owner.
    /// </summary>
    public async Task<bool> RecordAttemptAsync(ClaimedDelivery delivery, WebhookAttemptOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(outcome);
        await using var command = dataSource.CreateCommand(RecordSql);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Bigint) { Value = delivery.Id });
        command.Parameters.Add(new NpgsqlParameter("attempt", NpgsqlDbType.Integer) { Value = delivery.Attempt });
        command.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = WebhookDeliveryStates.ToDatabase(outcome.NextState) });
        command.Parameters.Add(new NpgsqlParameter("delay", NpgsqlDbType.Interval) { Value = outcome.RetryDelay });
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Integer) { Value = (object?)outcome.StatusCode ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)outcome.Error ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("duration", NpgsqlDbType.Double) { Value = outcome.DurationMs });
        return (long)(await command.ExecuteScalarAsync(ct))! == 1;
    }

    /// <summary>
    /// Fails a claimed delivery without sending it (its webhook is gone, or it has used up its attempts); the
    /// claim is not counted as an attempt.
    /// </summary>
    public Task GiveUpAsync(ClaimedDelivery delivery, string reason, CancellationToken ct) =>
        UpdateLeasedAsync(delivery, "state = 'FAILED', last_error = @reason, attempts = attempts - 1, next_attempt_at = now()", reason, ct);

    /// <summary>Hands a claimed delivery back, due at once and not counted as an attempt (the sender is shutting down).</summary>
    public Task ReleaseAsync(ClaimedDelivery delivery, CancellationToken ct) =>
        UpdateLeasedAsync(delivery, "attempts = attempts - 1, next_attempt_at = now()", null, ct);

    /// <summary>Time until the earliest pending delivery is due (zero or less: due now); null when none is pending.</summary>
    public async Task<TimeSpan?> GetTimeUntilNextDueAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT extract(epoch FROM min(next_attempt_at) - now())::float8 FROM webhook_deliveries WHERE state = 'PENDING'");
        return await command.ExecuteScalarAsync(ct) is double seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>
    /// Listens on <see cref="RegistryOutbox.DeliveriesChannel"/> on a connection of its own and calls
    /// <paramref name="onQueued"/> whenever a committed transaction queued deliveries (and once right after
    /// connecting, for whatever was queued before). Runs until cancelled; throws when the connection fails. A
    /// connection that is silent for <paramref name="keepAlive"/> is probed, so a dead one is noticed.
    /// </summary>
    public async Task ListenAsync(Action onQueued, TimeSpan keepAlive, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onQueued);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        connection.Notification += (_, _) => onQueued();
        await using (var listen = new NpgsqlCommand($"LISTEN {RegistryOutbox.DeliveriesChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        onQueued();
        while (true)
        {
            if (!await connection.WaitAsync(keepAlive, ct))
            {
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private async Task UpdateLeasedAsync(ClaimedDelivery delivery, string assignments, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var command = dataSource.CreateCommand($"""
            UPDATE webhook_deliveries SET {assignments}, updated_at = now()
            WHERE id = @id AND attempts = @attempt AND state = 'PENDING'
            """);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Bigint) { Value = delivery.Id });
        command.Parameters.Add(new NpgsqlParameter("attempt", NpgsqlDbType.Integer) { Value = delivery.Attempt });
        if (reason is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = reason });
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
