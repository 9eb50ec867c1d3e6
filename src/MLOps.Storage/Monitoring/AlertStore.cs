using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Monitoring;

/// <summary>Alert rules and alerts: writes inside the deployment monitor grain's transactions, reads for the API.</summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private const string AlertColumns = """
        a.id, a.rule_id, r.name, r.metric, r.feature, a.deployment, a.model_name, a.version, a.state, a.value, a.threshold,
        a.window_start, a.window_end, a.last_window, a.message, a.raised_at, a.resolved_at, a.resolved_value
        """;

    public async Task<IReadOnlyList<AlertRuleRecord>> ListRulesAsync(string deployment, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, deployment, name, metric, feature, comparator, threshold, min_samples, created_at, created_by
            FROM alert_rules WHERE deployment = @deployment AND deleted_at IS NULL ORDER BY name
            """);
        command.Parameters.AddWithValue("deployment", deployment);
        var rules = new List<AlertRuleRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rules.Add(new AlertRuleRecord(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetDouble(6), reader.GetInt64(7),
                reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9)));
        }

        return rules;
    }

    /// <summary>
    /// Creates the rule, or updates the live rule of that name in place (keeping its id, so its alerts stay
    /// attached and a FIRING one is judged by the new condition on the next window); returns the rule's id.
    /// </summary>
    public static async Task<Guid> SaveRuleAsync(NpgsqlTransaction tx, AlertRuleRecord rule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rule);
        await using var command = new NpgsqlCommand("""
            WITH updated AS (
                UPDATE alert_rules SET metric = @metric, feature = @feature, comparator = @comparator, threshold = @threshold, min_samples = @min
                WHERE deployment = @deployment AND name = @name AND deleted_at IS NULL
                RETURNING id
            ), inserted AS (
                INSERT INTO alert_rules (id, deployment, name, metric, feature, comparator, threshold, min_samples, created_at, created_by)
                SELECT @id, @deployment, @name, @metric, @feature, @comparator, @threshold, @min, @at, @by
                WHERE NOT EXISTS (SELECT 1 FROM updated)
                RETURNING id
            )
            SELECT id FROM updated UNION ALL SELECT id FROM inserted
            """, tx.Connection, tx);
        command.Parameters.AddWithValue("id", rule.Id);
        command.Parameters.AddWithValue("deployment", rule.Deployment);
        command.Parameters.AddWithValue("name", rule.Name);
        command.Parameters.AddWithValue("metric", rule.Metric);
        command.Parameters.Add(new NpgsqlParameter("feature", NpgsqlDbType.Text) { Value = (object?)rule.Feature ?? DBNull.Value });
        command.Parameters.AddWithValue("comparator", rule.Comparator);
        command.Parameters.AddWithValue("threshold", rule.Threshold);
        command.Parameters.AddWithValue("min", rule.MinSamples);
        command.Parameters.AddWithValue("at", rule.CreatedAt);
        command.Parameters.AddWithValue("by", rule.CreatedBy);
        return (Guid)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Soft-deletes the live rule of that name and returns its id, or null when there is none.</summary>
    public static async Task<Guid?> DeleteRuleAsync(NpgsqlTransaction tx, string deployment, string name, DateTimeOffset at, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE alert_rules SET deleted_at = @at WHERE deployment = @deployment AND name = @name AND deleted_at IS NULL RETURNING id", tx.Connection, tx);
        command.Parameters.AddWithValue("deployment", deployment);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("at", at);
        return await command.ExecuteScalarAsync(ct) is Guid id ? id : null;
    }

    /// <summary>A deployment's alerts, newest first, optionally only FIRING or RESOLVED ones.</summary>
    public async Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(string deployment, string? state, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {AlertColumns} FROM alerts a JOIN alert_rules r ON r.id = a.rule_id
            WHERE a.deployment = @deployment AND (@state::text IS NULL OR a.state = @state)
            ORDER BY a.raised_at DESC, a.id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("deployment", deployment);
        command.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = (object?)state ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAlertsAsync(command, ct);
    }

    /// <summary>The FIRING alert of each rule and version of the deployment.</summary>
    public static async Task<IReadOnlyList<AlertRecord>> ListFiringAsync(NpgsqlTransaction tx, string deployment, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {AlertColumns} FROM alerts a JOIN alert_rules r ON r.id = a.rule_id
            WHERE a.deployment = @deployment AND a.state = 'FIRING'
            """, tx.Connection, tx);
        command.Parameters.AddWithValue("deployment", deployment);
        return await ReadAlertsAsync(command, ct);
    }

    /// <summary>Inserts a FIRING alert and returns its id, or null when the rule already raised one for that window.</summary>
    public static async Task<long?> RaiseAsync(NpgsqlTransaction tx, AlertRecord alert, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var command = new NpgsqlCommand("""
            INSERT INTO alerts (rule_id, deployment, model_name, version, state, value, threshold, window_start, window_end, last_window, message, raised_at)
            VALUES (@rule, @deployment, @model, @version, 'FIRING', @value, @threshold, @start, @end, @start, @message, @at)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, tx.Connection, tx);
        command.Parameters.AddWithValue("rule", alert.RuleId);
        command.Parameters.AddWithValue("deployment", alert.Deployment);
        command.Parameters.AddWithValue("model", alert.ModelName);
        command.Parameters.AddWithValue("version", alert.Version);
        command.Parameters.AddWithValue("value", alert.Value);
        command.Parameters.AddWithValue("threshold", alert.Threshold);
        command.Parameters.AddWithValue("start", alert.WindowStart);
        command.Parameters.AddWithValue("end", alert.WindowEnd);
        command.Parameters.AddWithValue("message", alert.Message);
        command.Parameters.AddWithValue("at", alert.RaisedAt);
        return await command.ExecuteScalarAsync(ct) is long id ? id : null;
    }

    /// <summary>Marks a FIRING alert as still firing in a later window.</summary>
    public static async Task TouchAsync(NpgsqlTransaction tx, long id, DateTimeOffset window, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("UPDATE alerts SET last_window = greatest(last_window, @window) WHERE id = @id", tx.Connection, tx);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("window", window);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Resolves a FIRING alert; false when it was already resolved.</summary>
    public static async Task<bool> ResolveAsync(NpgsqlTransaction tx, long id, double value, DateTimeOffset at, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE alerts SET state = 'RESOLVED', resolved_at = @at, resolved_value = @value WHERE id = @id AND state = 'FIRING'", tx.Connection, tx);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("value", value);
        command.Parameters.AddWithValue("at", at);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private static async Task<IReadOnlyList<AlertRecord>> ReadAlertsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var alerts = new List<AlertRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            alerts.Add(new AlertRecord(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7), reader.GetString(8), reader.GetDouble(9), reader.GetDouble(10),
                reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<DateTimeOffset>(12), reader.GetFieldValue<DateTimeOffset>(13),
                reader.GetString(14), reader.GetFieldValue<DateTimeOffset>(15),
                reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16), reader.IsDBNull(17) ? null : reader.GetDouble(17)));
        }

        return alerts;
    }
}
