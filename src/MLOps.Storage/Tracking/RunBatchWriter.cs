using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using MLOps.Contracts;
using MLOps.Contracts.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Tracking;

/// <summary>
/// Writes logBatch calls to PostgreSQL with group commit: batches that arrive while a commit is in flight are
/// written together by the next one (batch ids, params and tags by array inserts, metric points by one binary
/// COPY, the latest value per key by an upsert), in one transaction. Each caller's task completes only after
/// the commit that holds its batch, so an acknowledged batch is durable. If a group fails, each of its batches
/// is retried alone, so one bad batch fails only its own caller.
/// </summary>
public sealed class RunBatchWriter : IAsyncDisposable
{
    /// <summary>Meter name for the writer's group sizes and commit times.</summary>
    public const string MeterName = "MLOps.Tracking";

    private const int MaxGroupPoints = 50_000;
    private const int MaxGroupBatches = 256;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> GroupBatches = Meter.CreateHistogram<int>("mlops.tracking.commit.batches", description: "logBatch calls written per commit (group commit).");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("mlops.tracking.commit.duration", "ms", "Time to write and commit one group.");
    private static readonly Counter<long> Points = Meter.CreateCounter<long>("mlops.tracking.metric.points", description: "Metric points written.");

    private readonly NpgsqlDataSource _dataSource;
    /// <summary>
    /// Groups committed at once: while one group waits for its commit to reach the disk, the next is written.
    /// A run never has two batches in flight (its grain awaits each), so concurrent groups never touch the
    /// same run's rows.
    /// </summary>
    private const int Committers = 2;

    private readonly Channel<PendingBatch> _queue = Channel.CreateUnbounded<PendingBatch>();
    private readonly Task[] _loops;

    public RunBatchWriter(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _loops = [.. Enumerable.Range(0, Committers).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>
    /// Writes the batch for the run; completes when it is committed. <paramref name="newParams"/> are the params
    /// the run does not have yet (the grain has checked the others for conflicts).
    /// </summary>
    /// <returns>True when written; false when the run had already applied the batch id (a retry).</returns>
    public Task<bool> WriteAsync(Guid runId, RunBatch batch, IReadOnlyList<KeyValue> newParams, DateTimeOffset appliedAt)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var pending = new PendingBatch(runId, batch, newParams, appliedAt);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(RunBatchWriter));
        }

        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var group = new List<PendingBatch>();
        while (await reader.WaitToReadAsync())
        {
            var points = 0;
            while (group.Count < MaxGroupBatches && points < MaxGroupPoints && reader.TryRead(out var next))
            {
                group.Add(next);
                points += next.Batch.Metrics.Count;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await WriteGroupAsync(group);
                foreach (var pending in group)
                {
                    pending.Completion.TrySetResult(true);
                }
            }
#pragma warning disable CA1031 // Any failure of the group is retried batch by batch, and reported to each caller.
            catch (Exception) when (group.Count > 1)
            {
                foreach (var pending in group)
                {
                    await WriteAloneAsync(pending);
                }
            }
            catch (Exception e)
            {
                Fail(group[0], e);
            }
#pragma warning restore CA1031

            GroupBatches.Record(group.Count);
            CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Points.Add(points);
            group.Clear();
        }
    }

    private async Task WriteAloneAsync(PendingBatch pending)
    {
        try
        {
            await WriteGroupAsync([pending]);
            pending.Completion.TrySetResult(true);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "run_batches_pkey")
        {
            // Another activation applied this batch id first: acknowledge it as a retry.
            pending.Completion.TrySetResult(false);
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(pending, e);
        }
    }

    private static void Fail(PendingBatch pending, Exception e) => pending.Completion.TrySetException(e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.CheckViolation } => MLOpsException.Invalid(
            $"The batch breaks a storage rule ({((PostgresException)e).ConstraintName}); check key and value lengths."),
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } => MLOpsException.NotFound("The run does not exist."),
        _ => e,
    });

    private async Task WriteGroupAsync(IReadOnlyList<PendingBatch> group)
    {
        // The group's points by run and key, once: the latest values, the block summaries and the chunks all
        // come from it.
        var series = MetricSeries.Group(group.Select(p => (p.RunId, p.Batch.Metrics)));
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            var withIds = group.Where(p => p.Batch.BatchId is not null).ToArray();
            if (withIds.Length > 0)
            {
                Add(batch, "INSERT INTO run_batches (run_id, batch_id, applied_at) SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[])",
                    withIds.Select(p => p.RunId).ToArray(), withIds.Select(p => p.Batch.BatchId!).ToArray(), withIds.Select(p => p.AppliedAt.UtcDateTime).ToArray());
            }

            var parameters = group.SelectMany(p => p.NewParams.Select(kv => (p.RunId, kv.Key, kv.Value)))
                .DistinctBy(p => (p.RunId, p.Key)).ToArray();
            if (parameters.Length > 0)
            {
                Add(batch, "INSERT INTO run_params (run_id, key, value) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING",
                    parameters.Select(p => p.RunId).ToArray(), parameters.Select(p => p.Key).ToArray(), parameters.Select(p => p.Value).ToArray());
            }

            // Within a group the last write of a tag wins, as it would have written alone.
            var tags = group.SelectMany(p => p.Batch.Tags.Select(kv => (p.RunId, kv.Key, kv.Value)))
                .GroupBy(t => (t.RunId, t.Key)).Select(g => g.Last()).ToArray();
            if (tags.Length > 0)
            {
                Add(batch, """
                    INSERT INTO run_tags (run_id, key, value) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
                    ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
                    """,
                    tags.Select(t => t.RunId).ToArray(), tags.Select(t => t.Key).ToArray(), tags.Select(t => t.Value).ToArray());
            }

            var latest = series.Select(s => (s.RunId, Metric: s.Latest)).ToArray();
            if (latest.Length > 0)
            {
                Add(batch, """
                    INSERT INTO run_latest_metrics (run_id, key, step, ts, value)
                    SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::timestamptz[], $5::double precision[])
                    ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, ts = excluded.ts, value = excluded.value
                    WHERE (excluded.step, excluded.ts) >= (run_latest_metrics.step, run_latest_metrics.ts)
                    """,
                    latest.Select(m => m.RunId).ToArray(), latest.Select(m => m.Metric.Key).ToArray(), latest.Select(m => m.Metric.Step).ToArray(),
                    latest.Select(m => m.Metric.Timestamp.UtcDateTime).ToArray(), latest.Select(m => m.Metric.Value).ToArray());
            }

            var blocks = MetricBlocks.Summarize(series);
            if (blocks.Count > 0)
            {
                Add(batch, MetricBlocks.UpsertSql,
                    blocks.Select(b => b.RunId).ToArray(), blocks.Select(b => b.Key).ToArray(), blocks.Select(b => b.Level).ToArray(),
                    blocks.Select(b => b.Block).ToArray(), blocks.Select(b => b.Count).ToArray(), blocks.Select(b => b.FirstStep).ToArray(),
                    blocks.Select(b => b.LastStep).ToArray(), blocks.Select(b => b.Min.Value).ToArray(), blocks.Select(b => b.Min.Step).ToArray(),
                    blocks.Select(b => b.Min.Timestamp.UtcDateTime).ToArray(), blocks.Select(b => b.Max.Value).ToArray(), blocks.Select(b => b.Max.Step).ToArray(),
                    blocks.Select(b => b.Max.Timestamp.UtcDateTime).ToArray());
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync();
            }
        }

        if (series.Count > 0)
        {
            // One chunk row per run and key: a run's batches never share a group (its grain awaits each), so
            // that is one row per batch and key, its points as parallel arrays.
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY run_metric_chunks (run_id, key, point_count, steps, timestamps, vals) FROM STDIN (FORMAT BINARY)");
            foreach (var (runId, key, points) in series)
            {
                var steps = new long[points.Count];
                var timestamps = new DateTime[points.Count];
                var values = new double[points.Count];
                for (var i = 0; i < points.Count; i++)
                {
                    steps[i] = points[i].Step;
                    timestamps[i] = points[i].Timestamp.UtcDateTime;
                    values[i] = points[i].Value;
                }

                copy.StartRow();
                copy.Write(runId, NpgsqlDbType.Uuid);
                copy.Write(key, NpgsqlDbType.Text);
                copy.Write(points.Count, NpgsqlDbType.Integer);
                copy.Write(steps, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                copy.Write(timestamps, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
                copy.Write(values, NpgsqlDbType.Array | NpgsqlDbType.Double);
            }

            await copy.CompleteAsync();
        }

        await tx.CommitAsync();
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(command);
    }

    private sealed record PendingBatch(Guid RunId, RunBatch Batch, IReadOnlyList<KeyValue> NewParams, DateTimeOffset AppliedAt)
    {
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
