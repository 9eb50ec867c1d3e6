using Npgsql;

namespace MLOps.Storage.Monitoring;

/// <summary>Links between model versions and their reference profiles (the profiles are artifacts).</summary>
public sealed class ReferenceProfileStore(NpgsqlDataSource dataSource)
{
    public async Task<ReferenceProfileRecord?> GetAsync(string modelName, int version, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT m.name, p.version, p.artifact_sha256, p.source_format, p.row_count, p.feature_count, p.created_at, p.created_by
            FROM reference_profiles p JOIN registered_models m ON m.id = p.model_id
            WHERE m.name = @model AND m.deleted_at IS NULL AND p.version = @version
            """);
        command.Parameters.AddWithValue("model", modelName);
        command.Parameters.AddWithValue("version", version);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ReferenceProfileRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7))
            : null;
    }

    /// <summary>Links (or re-links) the version to a stored profile artifact, in the caller's transaction; false when the version does not exist.</summary>
    public static async Task<bool> SetAsync(NpgsqlTransaction tx, ReferenceProfileRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(record);
        await using var command = new NpgsqlCommand("""
            INSERT INTO reference_profiles (model_id, version, artifact_sha256, source_format, row_count, feature_count, created_at, created_by)
            SELECT v.model_id, v.version, @sha, @format, @rows, @features, @at, @by
            FROM model_versions v JOIN registered_models m ON m.id = v.model_id
            WHERE m.name = @model AND m.deleted_at IS NULL AND v.version = @version
            ON CONFLICT (model_id, version) DO UPDATE SET artifact_sha256 = excluded.artifact_sha256, source_format = excluded.source_format,
                row_count = excluded.row_count, feature_count = excluded.feature_count, created_at = excluded.created_at, created_by = excluded.created_by
            """, tx.Connection, tx);
        command.Parameters.AddWithValue("model", record.ModelName);
        command.Parameters.AddWithValue("version", record.Version);
        command.Parameters.AddWithValue("sha", record.ArtifactSha256);
        command.Parameters.AddWithValue("format", record.SourceFormat);
        command.Parameters.AddWithValue("rows", record.RowCount);
        command.Parameters.AddWithValue("features", record.FeatureCount);
        command.Parameters.AddWithValue("at", record.CreatedAt);
        command.Parameters.AddWithValue("by", record.CreatedBy);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
