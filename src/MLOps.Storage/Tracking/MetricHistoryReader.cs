using MLOps.Contracts;
using Npgsql;

namespace MLOps.Storage.Tracking;

/// <summary>
/// A metric series for a chart, downsampled on the server to at most N points in one query. The step range is
/// cut into N/2 buckets and each bucket contributes its lowest and its highest point (exactly: ties go to the
/// earlier step), so spikes survive. Up to N points are returned as they are; up to
/// <see cref="ExactLimit"/> points are bucketed from the points themselves; longer series from the block
/// summaries in run_metric_blocks, whose buckets are unions of whole blocks (so their min and max are still
/// exact, only the bucket edges snap to block edges).
/// </summary>
public sealed class MetricHistoryReader(NpgsqlDataSource dataSource)
{
    /// <summary>Default number of points, as MLflow's charts ask for.</summary>
    public const int DefaultMaxPoints = 320;

    /// <summary>Largest series bucketed from its raw points.</summary>
    public const int ExactLimit = 20_000;

    // The block geometry comes from MetricBlocks: level l has blocks of 2^(BaseShift + LevelShift * l) steps.
    private static readonly string Shift = $"({MetricBlocks.BaseShift} + {MetricBlocks.LevelShift} * l)";
    private static readonly string ShiftOfLevel = $"({MetricBlocks.BaseShift} + {MetricBlocks.LevelShift} * (SELECT l FROM level))";
    private static readonly string Coarsest = $"{MetricBlocks.Levels - 1}";

    private static readonly string Sql = $"""
        WITH series AS (
            SELECT coalesce(sum(point_count), 0)::bigint AS n, min(first_step) AS lo, max(last_step) AS hi
            FROM run_metric_blocks WHERE run_id = $1 AND key = $2 AND level = {Coarsest}
        ),
        everything AS (
            SELECT p.step, p.ts, p.value
            FROM run_metric_chunks c, unnest(c.steps, c.timestamps, c.vals) AS p(step, ts, value)
            WHERE (SELECT n FROM series) <= $3 AND c.run_id = $1 AND c.key = $2
        ),
        exact AS (
            SELECT step, ts, value FROM (
                SELECT p.step, p.ts, p.value,
                       row_number() OVER (PARTITION BY width_bucket(p.step, s.lo, s.hi + 1, $4) ORDER BY p.value, p.step) AS low,
                       row_number() OVER (PARTITION BY width_bucket(p.step, s.lo, s.hi + 1, $4) ORDER BY p.value DESC, p.step) AS high
                FROM run_metric_chunks c, series s, unnest(c.steps, c.timestamps, c.vals) AS p(step, ts, value)
                WHERE (SELECT n FROM series) > $3 AND (SELECT n FROM series) <= $5 AND c.run_id = $1 AND c.key = $2
            ) ranked
            WHERE low = 1 OR high = 1
        ),
        level AS (
            SELECT coalesce(min(l), {Coarsest}) AS l FROM series s, generate_series(0, {Coarsest}) AS l
            WHERE s.n > $5 AND ((s.hi >> {Shift}) - (s.lo >> {Shift}) + 1) <= $6
        ),
        -- Level, lo and hi as scalar subqueries: PostgreSQL computes them first (init plans), so the level is
        -- part of the primary-key lookup rather than a filter over every block of the series.
        blocks AS (
            SELECT b.min_step, b.min_ts, b.min_value, b.max_step, b.max_ts, b.max_value,
                   width_bucket(b.block, (SELECT lo FROM series) >> {ShiftOfLevel},
                                ((SELECT hi FROM series) >> {ShiftOfLevel}) + 1, $4) AS bucket
            FROM run_metric_blocks b
            WHERE (SELECT n FROM series) > $5 AND b.run_id = $1 AND b.key = $2 AND b.level = (SELECT l FROM level)::smallint
        ),
        lows AS (
            SELECT DISTINCT ON (bucket) min_step AS step, min_ts AS ts, min_value AS value FROM blocks ORDER BY bucket, min_value, min_step
        ),
        highs AS (
            SELECT DISTINCT ON (bucket) max_step AS step, max_ts AS ts, max_value AS value FROM blocks ORDER BY bucket, max_value DESC, max_step
        ),
        points AS (
            SELECT * FROM everything UNION ALL SELECT * FROM exact UNION SELECT * FROM lows UNION SELECT * FROM highs
        )
        SELECT p.step, p.ts, p.value, s.n FROM points p, series s ORDER BY p.step, p.ts
        """;

    /// <summary>The series of <paramref name="key"/> on the run, at most <paramref name="maxPoints"/> points.</summary>
    /// <exception cref="MLOpsException">VALIDATION when maxPoints is outside 2..10000.</exception>
    public async Task<MetricHistory> ReadAsync(Guid runId, string key, int maxPoints, CancellationToken ct)
    {
        if (maxPoints is < 2 or > 10_000)
        {
            throw MLOpsException.Invalid($"maxPoints is between 2 and 10000; got {maxPoints}.");
        }

        var buckets = maxPoints / 2;
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)maxPoints });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)ExactLimit });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)buckets * 16 });
        var points = new List<MetricHistoryPoint>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            points.Add(new MetricHistoryPoint(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetDouble(2)));
            total = reader.GetInt64(3);
        }

        return new MetricHistory(key, total, total > maxPoints, points);
    }
}
