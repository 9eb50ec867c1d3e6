using System.Text;
using Npgsql;

namespace MLOps.Storage.Registry;

/// <summary>
/// Read side of the registry: plain SQL over the same tables the grains write, batched by model ids so that a
/// page of models with their versions and aliases costs a fixed number of queries.
/// </summary>
public sealed class RegistryReader(NpgsqlDataSource dataSource)
{
    private const string ModelColumns = "m.id, m.name, m.description, m.tags::text, m.created_at, m.updated_at, m.created_by, m.last_version";

    private const string VersionColumns = """
        v.model_id, m.name, v.version, v.status, v.status_message, v.stage, v.description, v.artifact_sha256, v.artifact_size,
        v.format, v.signature::text, v.onnx_metadata::text, v.lineage::text, v.metrics::text, v.tags::text, v.created_at, v.updated_at, v.created_by
        """;

    private const string TransitionColumns = """
        t.id, t.model_id, t.version, t.from_stage, t.to_stage, t.archive_existing, t.status, t.requested_by, t.requested_at,
        t.comment, t.decided_by, t.decided_at, t.decision_comment
        """;

    public async Task<ModelRecord?> GetModelAsync(string name, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {ModelColumns} FROM registered_models m WHERE m.name = @name AND m.deleted_at IS NULL");
        command.Parameters.AddWithValue("name", name);
        return (await ReadAllAsync(command, ReadModel, ct)).FirstOrDefault();
    }

    /// <summary>One page of live models ordered by name, after the cursor name; fetches one extra row to tell if more follow.</summary>
    public async Task<IReadOnlyList<ModelRecord>> ListModelsAsync(ModelFilter filter, int take, string? afterName, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {ModelColumns} FROM registered_models m WHERE m.deleted_at IS NULL");
        await using var command = dataSource.CreateCommand();
        if (afterName is not null)
        {
            sql.Append(" AND m.name > @after");
            command.Parameters.AddWithValue("after", afterName);
        }

        if (!string.IsNullOrEmpty(filter.NameContains))
        {
            sql.Append(" AND strpos(lower(m.name), lower(@contains)) > 0");
            command.Parameters.AddWithValue("contains", filter.NameContains);
        }

        if (!string.IsNullOrEmpty(filter.TagKey))
        {
            sql.Append(filter.TagValue is null ? " AND m.tags ? @tagKey" : " AND m.tags ->> @tagKey = @tagValue");
            command.Parameters.AddWithValue("tagKey", filter.TagKey);
            if (filter.TagValue is not null)
            {
                command.Parameters.AddWithValue("tagValue", filter.TagValue);
            }
        }

        if (!string.IsNullOrEmpty(filter.Stage))
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM model_versions v WHERE v.model_id = m.id AND v.stage = @stage)");
            command.Parameters.AddWithValue("stage", filter.Stage);
        }

        if (!string.IsNullOrEmpty(filter.HasAlias))
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM model_aliases a WHERE a.model_id = m.id AND a.alias = @alias)");
            command.Parameters.AddWithValue("alias", filter.HasAlias);
        }

        sql.Append(" ORDER BY m.name LIMIT @take");
        command.Parameters.AddWithValue("take", take);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, ReadModel, ct);
    }

    public async Task<IReadOnlyList<ModelVersionRecord>> GetVersionsAsync(IReadOnlyCollection<Guid> modelIds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {VersionColumns} FROM model_versions v JOIN registered_models m ON m.id = v.model_id
            WHERE v.model_id = ANY(@ids) ORDER BY v.model_id, v.version DESC
            """);
        command.Parameters.AddWithValue("ids", modelIds.ToArray());
        return await ReadAllAsync(command, ReadVersion, ct);
    }

    public async Task<IReadOnlyList<AliasRecord>> GetAliasesAsync(IReadOnlyCollection<Guid> modelIds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT model_id, alias, version, updated_at, updated_by FROM model_aliases WHERE model_id = ANY(@ids) ORDER BY model_id, alias");
        command.Parameters.AddWithValue("ids", modelIds.ToArray());
        return await ReadAllAsync(command, r => new AliasRecord(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4)), ct);
    }

    public async Task<IReadOnlyList<StageTransitionRecord>> GetTransitionsAsync(IReadOnlyCollection<Guid> modelIds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {TransitionColumns} FROM stage_transition_requests t WHERE t.model_id = ANY(@ids) ORDER BY t.requested_at DESC");
        command.Parameters.AddWithValue("ids", modelIds.ToArray());
        return await ReadAllAsync(command, ReadTransition, ct);
    }

    /// <summary>Audit entries newest first, before the cursor id.</summary>
    public async Task<IReadOnlyList<AuditRecord>> GetAuditAsync(AuditFilter filter, int take, long? beforeId, CancellationToken ct)
    {
        var sql = new StringBuilder("SELECT id, occurred_at, actor, action, model_id, model_name, version, before::text, after::text FROM audit_log WHERE true");
        await using var command = dataSource.CreateCommand();
        if (beforeId is not null)
        {
            sql.Append(" AND id < @before");
            command.Parameters.AddWithValue("before", beforeId.Value);
        }

        if (filter.ModelName is not null)
        {
            sql.Append(" AND model_name = @model");
            command.Parameters.AddWithValue("model", filter.ModelName);
        }

        if (filter.Actor is not null)
        {
            sql.Append(" AND actor = @actor");
            command.Parameters.AddWithValue("actor", filter.Actor);
        }

        if (filter.Action is not null)
        {
            sql.Append(" AND action = @action");
            command.Parameters.AddWithValue("action", filter.Action);
        }

        sql.Append(" ORDER BY id DESC LIMIT @take");
        command.Parameters.AddWithValue("take", take);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, r => new AuditRecord(
            r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetGuid(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt32(6),
            r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)), ct);
    }

    private static ModelRecord ReadModel(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), RegistryJson.ReadTags(r.GetString(3)),
        r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5), r.GetString(6), r.GetInt32(7));

    private static ModelVersionRecord ReadVersion(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
        r.GetString(6), r.GetString(7), r.GetInt64(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.GetString(12), r.GetString(13), RegistryJson.ReadTags(r.GetString(14)),
        r.GetFieldValue<DateTimeOffset>(15), r.GetFieldValue<DateTimeOffset>(16), r.GetString(17));

    private static StageTransitionRecord ReadTransition(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.GetString(6), r.GetString(7),
        r.GetFieldValue<DateTimeOffset>(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11), r.IsDBNull(12) ? null : r.GetString(12));

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
