using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MLOps.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Webhooks;

/// <summary>
/// Webhook registrations and their delivery log. Creating and deleting a webhook writes an audit entry in the
/// same transaction (without the secret). Refusals are <see cref="MLOpsException"/>s with a code.
/// </summary>
public sealed class WebhookRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Prefix of every signing secret, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string SecretPrefix = "whsec_";

    public const int MaxPageSize = 100;

    private const string WebhookColumns = "id, url, event_types, model_names, description, created_at, created_by";

    /// <summary>
    /// Registers a webhook and returns it with its signing secret, which is never shown again. Empty (or null)
    /// <paramref name="eventTypes"/> / <paramref name="modelNames"/> mean every event type / every model.
    /// VALIDATION when the URL is not an absolute http(s) URL, an event type is unknown or a model name is
    /// malformed.
    /// </summary>
    public async Task<(Webhook Webhook, string Secret)> CreateAsync(
        string url,
        IReadOnlyCollection<string>? eventTypes,
        IReadOnlyCollection<string>? modelNames,
        string? description,
        string actor,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var target = WebhookInput.Url(url);
        var types = WebhookInput.EventTypes(eventTypes);
        var models = WebhookInput.ModelNames(modelNames);
        var text = WebhookInput.Description(description);

        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        Webhook webhook;
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO webhooks (id, url, event_types, model_names, secret, description, created_by)
            VALUES (@id, @url, @types, @models, @secret, @description, @actor)
            RETURNING {WebhookColumns}
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new NpgsqlParameter("url", NpgsqlDbType.Text) { Value = target });
            insert.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = types });
            insert.Parameters.Add(new NpgsqlParameter("models", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = models });
            insert.Parameters.Add(new NpgsqlParameter("secret", NpgsqlDbType.Text) { Value = secret });
            insert.Parameters.Add(new NpgsqlParameter("description", NpgsqlDbType.Text) { Value = text });
            insert.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = actor });
            await using var reader = await insert.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            webhook = ReadWebhook(reader);
        }

        await AuditAsync(connection, transaction, actor, "webhook.created", before: null, after: webhook, ct);
        await transaction.CommitAsync(ct);
        return (webhook, secret);
    }

    /// <summary>
    /// Soft-deletes a webhook: it receives nothing more, and its pending deliveries fail with 'webhook deleted'.
    /// NOT_FOUND when no live webhook has this id.
    /// </summary>
    public async Task DeleteAsync(Guid id, string actor, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        Webhook? webhook = null;
        await using (var delete = new NpgsqlCommand($"""
            UPDATE webhooks SET deleted_at = now() WHERE id = @id AND deleted_at IS NULL
            RETURNING {WebhookColumns}
            """, connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
            await using var reader = await delete.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                webhook = ReadWebhook(reader);
            }
        }

        if (webhook is null)
        {
            throw MLOpsException.NotFound($"There is no webhook {id}; list webhooks to see the ids that exist.");
        }

        await using (var fail = new NpgsqlCommand("""
            UPDATE webhook_deliveries SET state = 'FAILED', last_error = 'webhook deleted', updated_at = now()
            WHERE webhook_id = @id AND state = 'PENDING'
            """, connection, transaction))
        {
            fail.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
            await fail.ExecuteNonQueryAsync(ct);
        }

        await AuditAsync(connection, transaction, actor, "webhook.deleted", before: webhook, after: null, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The live webhooks, oldest first.</summary>
    public async Task<IReadOnlyList<Webhook>> ListAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {WebhookColumns} FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, id");
        var webhooks = new List<Webhook>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            webhooks.Add(ReadWebhook(reader));
        }

        return webhooks;
    }

    /// <summary>The live webhook with this id, or null.</summary>
    public async Task<Webhook?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {WebhookColumns} FROM webhooks WHERE id = @id AND deleted_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadWebhook(reader) : null;
    }

    /// <summary>
    /// A page of a webhook's deliveries, newest first, each with its attempts: the <paramref name="first"/>
    /// (1 to <see cref="MaxPageSize"/>) deliveries with an id below <paramref name="afterId"/> (the last id of
    /// the previous page; null for the first page). Deleted webhooks keep their log.
    /// </summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(Guid webhookId, int first, long? afterId, CancellationToken ct)
    {
        if (first is < 1 or > MaxPageSize)
        {
            throw MLOpsException.Invalid($"'first' is {first}; ask for 1 to {MaxPageSize} deliveries per page.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var deliveries = new List<(long Id, Guid WebhookId, long EventId, string EventType, string State, int Attempts,
            DateTimeOffset NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset UpdatedAt)>();
        await using (var command = new NpgsqlCommand("""
            SELECT d.id, d.webhook_id, d.event_id, e.event_type, d.state, d.attempts, d.next_attempt_at,
                   d.last_status_code, d.last_error, d.updated_at
            FROM webhook_deliveries d JOIN registry_events e ON e.id = d.event_id
            WHERE d.webhook_id = @webhook AND (@after::bigint IS NULL OR d.id < @after)
            ORDER BY d.id DESC
            LIMIT @first
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter("webhook", NpgsqlDbType.Uuid) { Value = webhookId });
            command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Bigint) { Value = (object?)afterId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("first", NpgsqlDbType.Integer) { Value = first });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                deliveries.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetInt32(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9)));
            }
        }

        var attempts = await ReadAttemptsAsync(connection, [.. deliveries.Select(d => d.Id)], ct);
        return
        [
            .. deliveries.Select(d => new WebhookDelivery(
                d.Id, d.WebhookId, d.EventId, d.EventType, WebhookDeliveryStates.FromDatabase(d.State), d.Attempts, d.NextAttemptAt,
                d.LastStatusCode, d.LastError, d.UpdatedAt, attempts.TryGetValue(d.Id, out var log) ? log : [])),
        ];
    }

    private static async Task<Dictionary<long, List<WebhookAttempt>>> ReadAttemptsAsync(NpgsqlConnection connection, long[] deliveryIds, CancellationToken ct)
    {
        var attempts = new Dictionary<long, List<WebhookAttempt>>();
        if (deliveryIds.Length == 0)
        {
            return attempts;
        }

        await using var command = new NpgsqlCommand("""
            SELECT delivery_id, id, attempt, attempted_at, status_code, error, duration_ms
            FROM webhook_attempts WHERE delivery_id = ANY (@ids)
            ORDER BY delivery_id, attempt, id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = deliveryIds });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var deliveryId = reader.GetInt64(0);
            if (!attempts.TryGetValue(deliveryId, out var log))
            {
                attempts[deliveryId] = log = [];
            }

            log.Add(new WebhookAttempt(reader.GetInt64(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetDouble(6)));
        }

        return attempts;
    }

    private static async Task AuditAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string actor, string action, Webhook? before, Webhook? after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit_log (actor, action, before, after) VALUES (@actor, @action, @before, @after)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = actor });
        command.Parameters.Add(new NpgsqlParameter("action", NpgsqlDbType.Text) { Value = action });
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Jsonb) { Value = (object?)ToAuditJson(before) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Jsonb) { Value = (object?)ToAuditJson(after) ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string? ToAuditJson(Webhook? webhook) => webhook is null ? null : new JsonObject
    {
        ["id"] = webhook.Id,
        ["url"] = webhook.Url,
        ["eventTypes"] = new JsonArray([.. webhook.EventTypes.Select(t => JsonValue.Create(t))]),
        ["modelNames"] = new JsonArray([.. webhook.ModelNames.Select(m => JsonValue.Create(m))]),
        ["description"] = webhook.Description,
    }.ToJsonString();

    private static Webhook ReadWebhook(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetFieldValue<string[]>(2),
        reader.GetFieldValue<string[]>(3),
        reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetString(6));
}
