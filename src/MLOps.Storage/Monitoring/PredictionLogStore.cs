using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Monitoring;

/// <summary>The prediction log: bulk appends from the replicas, label joins from feedback, reads for performance.</summary>
public sealed class PredictionLogStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Appends predictions in one transaction. Rows whose ids the server generated cannot collide and are copied
    /// straight into the log; rows with a client's id go through a staging table so that an id logged before
    /// keeps its first prediction (ON CONFLICT DO NOTHING) instead of failing the batch.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<PredictionRecord> predictions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var generated = predictions.Where(p => p.ServerId).ToList();
        var supplied = predictions.Where(p => !p.ServerId).ToList();
        if (generated.Count > 0)
        {
            await CopyAsync(connection, "prediction_log", generated, ct);
        }

        if (supplied.Count > 0)
        {
            await using (var create = new NpgsqlCommand("CREATE TEMP TABLE IF NOT EXISTS prediction_staging (LIKE prediction_log) ON COMMIT DELETE ROWS", connection, tx))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            await CopyAsync(connection, "prediction_staging", supplied, ct);
            await using var insert = new NpgsqlCommand("INSERT INTO prediction_log SELECT * FROM prediction_staging ON CONFLICT DO NOTHING", connection, tx);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<PredictionRecord> predictions, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table} (deployment, prediction_id, row_index, model_name, version, predicted_at, window_start, inputs, predicted, predicted_value, scores) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var p in predictions)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.Deployment, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.PredictionId, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.RowIndex, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.ModelName, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Version, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.PredictedAt, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(p.WindowStart, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(p.Inputs, NpgsqlDbType.Jsonb, ct);
            await WriteNullableAsync(copy, p.Predicted, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(copy, p.PredictedValue, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(copy, p.Scores, NpgsqlDbType.Array | NpgsqlDbType.Real, ct);
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>Joins labels to logged predictions (a later label replaces an earlier one) and reports unknown ids.</summary>
    public async Task<FeedbackOutcome> SetLabelsAsync(string deployment, IReadOnlyList<LabelFeedback> labels, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(labels);
        await using var command = dataSource.CreateCommand("""
            WITH feedback AS (
                SELECT * FROM unnest(@ids, @rows, @labels, @values) AS f(prediction_id, row_index, label, label_value)
            ), updated AS (
                UPDATE prediction_log p SET label = f.label, label_value = f.label_value, labelled_at = @at
                FROM feedback f
                WHERE p.deployment = @deployment AND p.prediction_id = f.prediction_id AND p.row_index = f.row_index
                RETURNING p.prediction_id, p.row_index
            )
            SELECT f.prediction_id FROM feedback f
            WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.prediction_id = f.prediction_id AND u.row_index = f.row_index)
            """);
        command.Parameters.AddWithValue("deployment", deployment);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = labels.Select(l => l.PredictionId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("rows", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = labels.Select(l => l.RowIndex).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("labels", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = labels.Select(l => (object?)l.Label ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("values", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = labels.Select(l => (object?)l.Value ?? DBNull.Value).ToArray() });
        var unknown = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                unknown.Add(reader.GetString(0));
            }
        }

        return new FeedbackOutcome(labels.Count - unknown.Count, unknown);
    }

    /// <summary>The window's labelled predictions, for its performance metrics.</summary>
    public async Task<IReadOnlyList<LabelledPrediction>> GetLabelledAsync(
        string deployment, string model, int version, DateTimeOffset windowStart, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT predicted, predicted_value, scores, label, label_value FROM prediction_log
            WHERE deployment = @deployment AND window_start = @start AND model_name = @model AND version = @version AND labelled_at IS NOT NULL
            """);
        command.Parameters.AddWithValue("deployment", deployment);
        command.Parameters.AddWithValue("start", windowStart);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("version", version);
        var rows = new List<LabelledPrediction>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new LabelledPrediction(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetDouble(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<float[]>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4)));
        }

        return rows;
    }

    /// <summary>Deletes a deployment's predictions older than <paramref name="before"/>; returns how many went.</summary>
    public async Task<int> DeleteOlderThanAsync(string deployment, DateTimeOffset before, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM prediction_log WHERE deployment = @deployment AND predicted_at < @before");
        command.Parameters.AddWithValue("deployment", deployment);
        command.Parameters.AddWithValue("before", before);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);
}
