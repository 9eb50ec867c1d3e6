using MLOps.Contracts;
using MLOps.Contracts.Tracking;
using Npgsql;

namespace MLOps.Storage.Tracking;

/// <summary>
/// Experiments and runs in PostgreSQL: the writes their grains make, and the reads the API makes. Metric points
/// are written by <see cref="RunBatchWriter"/>.
/// </summary>
public sealed class TrackingStore(NpgsqlDataSource dataSource)
{
    private const string ExperimentColumns = "id, name, lifecycle, created_by, created_at, updated_at, deleted_at";
    private const string RunColumns = "id, experiment_id, name, status, start_time, end_time, lifecycle, created_by";

    public async Task InsertExperimentAsync(ExperimentRecord experiment, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO experiments ({ExperimentColumns}) VALUES (@id, @name, @lifecycle, @by, @created, @updated, NULL)
            """, connection, tx))
        {
            insert.Parameters.AddWithValue("id", experiment.Id);
            insert.Parameters.AddWithValue("name", experiment.Name);
            insert.Parameters.AddWithValue("lifecycle", experiment.Lifecycle);
            insert.Parameters.AddWithValue("by", experiment.CreatedBy);
            insert.Parameters.AddWithValue("created", experiment.CreatedAt);
            insert.Parameters.AddWithValue("updated", experiment.UpdatedAt);
            try
            {
                await insert.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw MLOpsException.Conflict(
                    $"An experiment named '{experiment.Name}' already exists (names stay taken while an experiment is deleted; restore it instead).");
            }
        }

        foreach (var tag in experiment.Tags)
        {
            await SetExperimentTagAsync(connection, tx, experiment.Id, tag, ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task SetExperimentTagAsync(Guid experimentId, KeyValue tag, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await SetExperimentTagAsync(connection, tx, experimentId, tag, ct);
        await TouchExperimentAsync(connection, tx, experimentId, now, ct);
        await tx.CommitAsync(ct);
    }

    public async Task SetExperimentLifecycleAsync(Guid experimentId, bool deleted, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE experiments SET lifecycle = @lifecycle, deleted_at = @deleted, updated_at = @now WHERE id = @id");
        command.Parameters.AddWithValue("id", experimentId);
        command.Parameters.AddWithValue("lifecycle", deleted ? "DELETED" : "ACTIVE");
        command.Parameters.AddWithValue("deleted", deleted ? now : DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ExperimentRecord?> GetExperimentAsync(Guid id, CancellationToken ct) =>
        (await ReadExperimentsAsync("WHERE id = @key", id, ct)).FirstOrDefault();

    public async Task<ExperimentRecord?> GetExperimentByNameAsync(string name, CancellationToken ct) =>
        (await ReadExperimentsAsync("WHERE name = @key", name, ct)).FirstOrDefault();

    public Task<IReadOnlyList<ExperimentRecord>> ListExperimentsAsync(bool includeDeleted, CancellationToken ct) =>
        ReadExperimentsAsync(includeDeleted ? "" : "WHERE lifecycle = 'ACTIVE'", null, ct);

    public async Task InsertRunAsync(RunRecord run, IReadOnlyList<KeyValue> tags, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO runs ({RunColumns}) VALUES (@id, @experiment, @name, @status, @start, @end, @lifecycle, @by)
            """, connection, tx))
        {
            insert.Parameters.AddWithValue("id", run.Id);
            insert.Parameters.AddWithValue("experiment", run.ExperimentId);
            insert.Parameters.AddWithValue("name", run.Name);
            insert.Parameters.AddWithValue("status", run.Status);
            insert.Parameters.AddWithValue("start", run.StartTime);
            insert.Parameters.AddWithValue("end", (object?)run.EndTime ?? DBNull.Value);
            insert.Parameters.AddWithValue("lifecycle", run.Lifecycle);
            insert.Parameters.AddWithValue("by", run.CreatedBy);
            await insert.ExecuteNonQueryAsync(ct);
        }

        if (tags.Count > 0)
        {
            await using var insertTags = new NpgsqlCommand("""
                INSERT INTO run_tags (run_id, key, value) SELECT @run, k, v FROM unnest(@keys, @values) AS t(k, v)
                ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
                """, connection, tx);
            var last = tags.GroupBy(t => t.Key, StringComparer.Ordinal).Select(g => g.Last()).ToArray();
            insertTags.Parameters.AddWithValue("run", run.Id);
            insertTags.Parameters.AddWithValue("keys", last.Select(t => t.Key).ToArray());
            insertTags.Parameters.AddWithValue("values", last.Select(t => t.Value).ToArray());
            await insertTags.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task SetRunStatusAsync(Guid runId, string status, DateTimeOffset? endTime, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE runs SET status = @status, end_time = @end WHERE id = @id");
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("end", (object?)endTime ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task SetRunLifecycleAsync(Guid runId, bool deleted, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE runs SET lifecycle = @lifecycle WHERE id = @id");
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("lifecycle", deleted ? "DELETED" : "ACTIVE");
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The run, its params and its applied batch ids, for the run grain; null when there is no such run.</summary>
    public async Task<RunState?> LoadRunStateAsync(Guid runId, CancellationToken ct)
    {
        var run = (await GetRunsAsync([runId], ct)).FirstOrDefault();
        if (run is null)
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var batches = new HashSet<string>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("""
            SELECT key, value, 0 FROM run_params WHERE run_id = @id
            UNION ALL SELECT batch_id, '', 1 FROM run_batches WHERE run_id = @id
            """);
        command.Parameters.AddWithValue("id", runId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetInt32(2) == 0)
            {
                parameters[reader.GetString(0)] = reader.GetString(1);
            }
            else
            {
                batches.Add(reader.GetString(0));
            }
        }

        return new RunState(run, parameters, batches);
    }

    public async Task<IReadOnlyList<RunRecord>> GetRunsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RunColumns} FROM runs WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var runs = new Dictionary<Guid, RunRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var run = new RunRecord(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetString(7));
            runs[run.Id] = run;
        }

        return [.. ids.Where(runs.ContainsKey).Select(id => runs[id])];
    }

    /// <summary>Runs with their params, tags, latest metrics and inputs, in the order of <paramref name="ids"/>.</summary>
    public async Task<IReadOnlyList<RunDetails>> GetRunDetailsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var runs = await GetRunsAsync(ids, ct);
        var parameters = new Dictionary<Guid, List<KeyValue>>();
        var tags = new Dictionary<Guid, List<KeyValue>>();
        var metrics = new Dictionary<Guid, List<MetricPoint>>();
        var inputs = new Dictionary<Guid, List<DatasetInput>>();
        await using (var batch = dataSource.CreateBatch())
        {
            var idArray = runs.Select(r => r.Id).ToArray();
            foreach (var sql in new[]
            {
                "SELECT run_id, key, value FROM run_params WHERE run_id = ANY($1) ORDER BY key",
                "SELECT run_id, key, value FROM run_tags WHERE run_id = ANY($1) ORDER BY key",
                "SELECT run_id, key, value, step, ts FROM run_latest_metrics WHERE run_id = ANY($1) ORDER BY key",
                "SELECT run_id, name, digest, source, schema, context FROM run_inputs WHERE run_id = ANY($1) ORDER BY name",
            })
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.Add(new NpgsqlParameter { Value = idArray });
                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Add(parameters, reader.GetGuid(0), new KeyValue(reader.GetString(1), reader.GetString(2)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Add(tags, reader.GetGuid(0), new KeyValue(reader.GetString(1), reader.GetString(2)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Add(metrics, reader.GetGuid(0), new MetricPoint(reader.GetString(1), reader.GetDouble(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                Add(inputs, reader.GetGuid(0), new DatasetInput(
                    reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5)));
            }
        }

        return [.. runs.Select(run => new RunDetails(
            run,
            parameters.GetValueOrDefault(run.Id) ?? [],
            tags.GetValueOrDefault(run.Id) ?? [],
            metrics.GetValueOrDefault(run.Id) ?? [],
            inputs.GetValueOrDefault(run.Id) ?? []))];
    }

    public async Task InsertInputsAsync(Guid runId, IReadOnlyList<DatasetInput> datasets, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO run_inputs (run_id, name, digest, source, schema, context)
            SELECT $1, n, d, s, sc, c FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(n, d, s, sc, c)
            ON CONFLICT (run_id, name, digest, context) DO UPDATE SET source = excluded.source, schema = excluded.schema
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = datasets.Select(d => d.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = datasets.Select(d => d.Digest).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = datasets.Select(d => d.Source).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = datasets.Select(d => d.Schema).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = datasets.Select(d => d.Context).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task UpsertArtifactAsync(Guid runId, RunArtifactRecord artifact, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO run_artifacts (run_id, path, sha256, size_bytes, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (run_id, path) DO UPDATE SET sha256 = excluded.sha256, size_bytes = excluded.size_bytes, created_at = excluded.created_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = artifact.Path });
        command.Parameters.Add(new NpgsqlParameter { Value = artifact.Sha256 });
        command.Parameters.Add(new NpgsqlParameter { Value = artifact.SizeBytes });
        command.Parameters.Add(new NpgsqlParameter { Value = artifact.CreatedAt });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The file at exactly this path under the run, or null.</summary>
    public async Task<RunArtifactRecord?> GetArtifactAsync(Guid runId, string path, CancellationToken ct) =>
        (await ListArtifactsAsync(runId, path, ct)).FirstOrDefault(f => f.Path == path);

    /// <summary>Files under the run's artifact path, optionally only those under a folder prefix.</summary>
    public async Task<IReadOnlyList<RunArtifactRecord>> ListArtifactsAsync(Guid runId, string? prefix, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT path, sha256, size_bytes, created_at FROM run_artifacts
            WHERE run_id = $1 AND ($2::text IS NULL OR path = $2 OR starts_with(path, $2 || '/')) ORDER BY path
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)prefix?.TrimEnd('/') ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var rows = new List<RunArtifactRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RunArtifactRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }

    private static void Add<T>(Dictionary<Guid, List<T>> map, Guid key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    private static async Task SetExperimentTagAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid experimentId, KeyValue tag, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value)
            ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
            """, connection, tx);
        command.Parameters.AddWithValue("id", experimentId);
        command.Parameters.AddWithValue("key", tag.Key);
        command.Parameters.AddWithValue("value", tag.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task TouchExperimentAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid experimentId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("UPDATE experiments SET updated_at = @now WHERE id = @id", connection, tx);
        command.Parameters.AddWithValue("id", experimentId);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<ExperimentRecord>> ReadExperimentsAsync(string where, object? key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {ExperimentColumns},
                   coalesce((SELECT array_agg(t.key ORDER BY t.key) FROM experiment_tags t WHERE t.experiment_id = e.id), ARRAY[]::text[]),
                   coalesce((SELECT array_agg(t.value ORDER BY t.key) FROM experiment_tags t WHERE t.experiment_id = e.id), ARRAY[]::text[])
            FROM experiments e {where} ORDER BY name
            """);
        if (key is not null)
        {
            command.Parameters.AddWithValue("key", key);
        }

        var rows = new List<ExperimentRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var keys = reader.GetFieldValue<string[]>(7);
            var values = reader.GetFieldValue<string[]>(8);
            rows.Add(new ExperimentRecord(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                [.. keys.Zip(values, (k, v) => new KeyValue(k, v))]));
        }

        return rows;
    }
}
