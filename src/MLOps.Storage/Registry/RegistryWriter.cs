using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Registry;

/// <summary>
/// The registry's writes, each inside a transaction the caller (the model's grain) opened, so that a change,
/// its audit entry and its registry event commit together or not at all.
/// </summary>
public static class RegistryWriter
{
    public static Task InsertModelAsync(NpgsqlTransaction tx, ModelRecord model, CancellationToken ct) =>
        ExecuteAsync(tx, """
            INSERT INTO registered_models (id, name, description, tags, created_at, updated_at, created_by)
            VALUES (@id, @name, @description, @tags, @now, @now, @by)
            """, ct,
            ("id", model.Id), ("name", model.Name), ("description", model.Description), Json("tags", model.Tags),
            ("now", model.CreatedAt), ("by", model.CreatedBy));

    public static Task UpdateModelAsync(NpgsqlTransaction tx, ModelRecord model, CancellationToken ct) =>
        ExecuteAsync(tx, """
            UPDATE registered_models SET description = @description, tags = @tags, updated_at = @now, last_version = @last
            WHERE id = @id
            """, ct,
            ("id", model.Id), ("description", model.Description), Json("tags", model.Tags), ("now", model.UpdatedAt),
            ("last", model.LastVersion));

    public static Task DeleteModelAsync(NpgsqlTransaction tx, Guid modelId, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync(tx, "UPDATE registered_models SET deleted_at = @now, updated_at = @now WHERE id = @id", ct, ("id", modelId), ("now", now));

    public static Task InsertVersionAsync(NpgsqlTransaction tx, ModelVersionRecord v, CancellationToken ct) =>
        ExecuteAsync(tx, """
            INSERT INTO model_versions (model_id, version, status, status_message, stage, description, artifact_sha256,
                artifact_size, format, signature, onnx_metadata, lineage, metrics, tags, created_at, updated_at, created_by)
            VALUES (@model, @version, @status, @message, @stage, @description, @sha, @size, @format, @signature, @metadata,
                @lineage, @metrics, @tags, @created, @updated, @by)
            """, ct,
            ("model", v.ModelId), ("version", v.Version), ("status", v.Status), ("message", (object?)v.StatusMessage ?? DBNull.Value),
            ("stage", v.Stage), ("description", v.Description), ("sha", v.ArtifactSha256), ("size", v.ArtifactSize), ("format", v.Format),
            RawJson("signature", v.SignatureJson), RawJson("metadata", v.OnnxMetadataJson), RawJson("lineage", v.LineageJson),
            RawJson("metrics", v.MetricsJson), Json("tags", v.Tags), ("created", v.CreatedAt), ("updated", v.UpdatedAt), ("by", v.CreatedBy));

    public static Task UpdateVersionAsync(NpgsqlTransaction tx, ModelVersionRecord v, CancellationToken ct) =>
        ExecuteAsync(tx, """
            UPDATE model_versions SET status = @status, status_message = @message, stage = @stage, signature = @signature,
                onnx_metadata = @metadata, tags = @tags, updated_at = @updated
            WHERE model_id = @model AND version = @version
            """, ct,
            ("model", v.ModelId), ("version", v.Version), ("status", v.Status), ("message", (object?)v.StatusMessage ?? DBNull.Value),
            ("stage", v.Stage), RawJson("signature", v.SignatureJson), RawJson("metadata", v.OnnxMetadataJson), Json("tags", v.Tags),
            ("updated", v.UpdatedAt));

    public static Task UpsertAliasAsync(NpgsqlTransaction tx, AliasRecord alias, CancellationToken ct) =>
        ExecuteAsync(tx, """
            INSERT INTO model_aliases (model_id, alias, version, updated_at, updated_by) VALUES (@model, @alias, @version, @now, @by)
            ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, ct,
            ("model", alias.ModelId), ("alias", alias.Alias), ("version", alias.Version), ("now", alias.UpdatedAt), ("by", alias.UpdatedBy));

    public static Task DeleteAliasAsync(NpgsqlTransaction tx, Guid modelId, string alias, CancellationToken ct) =>
        ExecuteAsync(tx, "DELETE FROM model_aliases WHERE model_id = @model AND alias = @alias", ct, ("model", modelId), ("alias", alias));

    public static Task UpsertTransitionAsync(NpgsqlTransaction tx, StageTransitionRecord r, CancellationToken ct) =>
        ExecuteAsync(tx, """
            INSERT INTO stage_transition_requests (id, model_id, version, from_stage, to_stage, archive_existing, status,
                requested_by, requested_at, comment, decided_by, decided_at, decision_comment)
            VALUES (@id, @model, @version, @from, @to, @archive, @status, @by, @at, @comment, @decidedBy, @decidedAt, @decision)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_by = excluded.decided_by,
                decided_at = excluded.decided_at, decision_comment = excluded.decision_comment
            """, ct,
            ("id", r.Id), ("model", r.ModelId), ("version", r.Version), ("from", r.FromStage), ("to", r.ToStage),
            ("archive", r.ArchiveExisting), ("status", r.Status), ("by", r.RequestedBy), ("at", r.RequestedAt), ("comment", r.Comment),
            ("decidedBy", (object?)r.DecidedBy ?? DBNull.Value), ("decidedAt", (object?)r.DecidedAt ?? DBNull.Value),
            ("decision", (object?)r.DecisionComment ?? DBNull.Value));

    public static Task AppendAuditAsync(NpgsqlTransaction tx, AuditEntry entry, CancellationToken ct) =>
        ExecuteAsync(tx, """
            INSERT INTO audit_log (actor, action, model_id, model_name, version, before, after)
            VALUES (@actor, @action, @model, @name, @version, @before, @after)
            """, ct,
            ("actor", entry.Actor), ("action", entry.Action), ("model", (object?)entry.ModelId ?? DBNull.Value),
            ("name", (object?)entry.ModelName ?? DBNull.Value), ("version", (object?)entry.Version ?? DBNull.Value),
            RawJson("before", entry.Before is null ? null : RegistryJson.Serialize(entry.Before)),
            RawJson("after", entry.After is null ? null : RegistryJson.Serialize(entry.After)));

    private static (string, object) Json(string name, object value) => RawJson(name, RegistryJson.Serialize(value));

    private static (string, object) RawJson(string name, string? json) =>
        (name, json is null ? DBNull.Value : new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });

    private static async Task ExecuteAsync(NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, tx.Connection, tx);
        foreach (var (name, value) in parameters)
        {
            if (value is NpgsqlParameter parameter)
            {
                command.Parameters.Add(parameter);
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
