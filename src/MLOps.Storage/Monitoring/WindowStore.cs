using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Monitoring;

/// <summary>Drift windows in PostgreSQL: checkpoints and final reports from the window grains, reads for the API.</summary>
public sealed class WindowStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "deployment, model_name, version, window_start, window_end, row_count, request_count, closed_at, drift_share, dataset_drift, report::text";

    /// <summary>
    /// Saves an open window's merged profile with the last partial sequence merged from each replica, in one
    /// statement; a closed window is never reopened by a late checkpoint.
    /// </summary>
    public async Task CheckpointAsync(WindowRecord window, byte[] profile, IReadOnlyDictionary<string, long> replicaSequences, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(replicaSequences);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO monitoring_windows (deployment, model_name, version, window_start, window_end, row_count, request_count, profile, replica_sequences)
            VALUES (@deployment, @model, @version, @start, @end, @rows, @requests, @profile, @sequences)
            ON CONFLICT (deployment, model_name, version, window_start) DO UPDATE
                SET row_count = excluded.row_count, request_count = excluded.request_count, profile = excluded.profile,
                    replica_sequences = excluded.replica_sequences
                WHERE monitoring_windows.closed_at IS NULL
            """);
        Bind(command, window);
        command.Parameters.Add(new NpgsqlParameter("profile", NpgsqlDbType.Bytea) { Value = profile });
        command.Parameters.Add(new NpgsqlParameter("sequences", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(replicaSequences) });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes the closed window: figures, final profile and report, in one statement.</summary>
    public async Task CloseAsync(WindowRecord window, byte[] profile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(window);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO monitoring_windows (deployment, model_name, version, window_start, window_end, row_count, request_count, profile,
                closed_at, drift_share, dataset_drift, report)
            VALUES (@deployment, @model, @version, @start, @end, @rows, @requests, @profile, @closed, @share, @drift, @report)
            ON CONFLICT (deployment, model_name, version, window_start) DO UPDATE
                SET row_count = excluded.row_count, request_count = excluded.request_count, profile = excluded.profile,
                    closed_at = excluded.closed_at, drift_share = excluded.drift_share, dataset_drift = excluded.dataset_drift, report = excluded.report
            """);
        Bind(command, window);
        command.Parameters.Add(new NpgsqlParameter("profile", NpgsqlDbType.Bytea) { Value = profile });
        command.Parameters.AddWithValue("closed", window.ClosedAt ?? throw new ArgumentException("A closed window needs its closing time.", nameof(window)));
        command.Parameters.Add(new NpgsqlParameter("share", NpgsqlDbType.Double) { Value = (object?)window.DriftShare ?? DBNull.Value });
        command.Parameters.AddWithValue("drift", window.DatasetDrift);
        command.Parameters.Add(new NpgsqlParameter("report", NpgsqlDbType.Jsonb) { Value = (object?)window.ReportJson ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The stored window, its profile and the last partial sequence merged from each replica, or null.</summary>
    public async Task<StoredWindow?> GetAsync(string deployment, string model, int version, DateTimeOffset start, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns}, profile, replica_sequences::text FROM monitoring_windows
            WHERE deployment = @deployment AND model_name = @model AND version = @version AND window_start = @start
            """);
        command.Parameters.AddWithValue("deployment", deployment);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("start", start);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new StoredWindow(
            Read(reader),
            reader.IsDBNull(11) ? null : reader.GetFieldValue<byte[]>(11),
            JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(12)) ?? []);
    }

    /// <summary>A deployment's windows starting in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<WindowRecord>> ListAsync(
        string deployment, DateTimeOffset from, DateTimeOffset to, string? model, int? version, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM monitoring_windows
            WHERE deployment = @deployment AND window_start >= @from AND window_start < @to
              AND (@model::text IS NULL OR model_name = @model) AND (@version::integer IS NULL OR version = @version)
            ORDER BY window_start, model_name, version
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("deployment", deployment);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.Add(new NpgsqlParameter("model", NpgsqlDbType.Text) { Value = (object?)model ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<WindowRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>Open windows whose end is before <paramref name="before"/>: the sweep closes them if their grains did not.</summary>
    public async Task<IReadOnlyList<WindowRecord>> ListOverdueAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM monitoring_windows WHERE closed_at IS NULL AND window_end < @before LIMIT 1000");
        command.Parameters.AddWithValue("before", before);
        var rows = new List<WindowRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    private static void Bind(NpgsqlCommand command, WindowRecord window)
    {
        command.Parameters.AddWithValue("deployment", window.Deployment);
        command.Parameters.AddWithValue("model", window.ModelName);
        command.Parameters.AddWithValue("version", window.Version);
        command.Parameters.AddWithValue("start", window.WindowStart);
        command.Parameters.AddWithValue("end", window.WindowEnd);
        command.Parameters.AddWithValue("rows", window.RowCount);
        command.Parameters.AddWithValue("requests", window.RequestCount);
    }

    private static WindowRecord Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
        reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetInt64(5), reader.GetInt64(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetDouble(8),
        reader.GetBoolean(9),
        reader.IsDBNull(10) ? null : reader.GetString(10));
}

/// <summary>A window as stored.</summary>
/// <param name="Window">Its figures.</param>
/// <param name="Profile">Its merged profile, if any was checkpointed.</param>
/// <param name="ReplicaSequences">The last partial sequence merged from each replica into that profile.</param>
public sealed record StoredWindow(WindowRecord Window, byte[]? Profile, IReadOnlyDictionary<string, long> ReplicaSequences);
