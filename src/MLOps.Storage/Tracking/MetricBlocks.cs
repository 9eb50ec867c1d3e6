using MLOps.Contracts.Tracking;

namespace MLOps.Storage.Tracking;

/// <summary>
/// Per-block min/max summaries of metric series (table run_metric_blocks): level l groups steps into blocks of
/// 2^(6 + 4l) steps, for l = 0..5. NaN values are counted but take no part in min and max unless a block holds
/// nothing else.
/// </summary>
public static class MetricBlocks
{
    /// <summary>Number of levels.</summary>
    public const int Levels = 6;

    internal const string UpsertSql = """
        INSERT INTO run_metric_blocks AS b
            (run_id, key, level, block, point_count, first_step, last_step, min_value, min_step, min_ts, max_value, max_step, max_ts)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
                             $8::double precision[], $9::bigint[], $10::timestamptz[], $11::double precision[], $12::bigint[], $13::timestamptz[])
        ON CONFLICT (run_id, key, level, block) DO UPDATE SET
            point_count = b.point_count + excluded.point_count,
            first_step = least(b.first_step, excluded.first_step),
            last_step = greatest(b.last_step, excluded.last_step),
            min_value = CASE WHEN excluded.min_value < b.min_value OR b.min_value = 'NaN' THEN excluded.min_value ELSE b.min_value END,
            min_step = CASE WHEN excluded.min_value < b.min_value OR b.min_value = 'NaN' THEN excluded.min_step ELSE b.min_step END,
            min_ts = CASE WHEN excluded.min_value < b.min_value OR b.min_value = 'NaN' THEN excluded.min_ts ELSE b.min_ts END,
            max_value = CASE WHEN (excluded.max_value > b.max_value AND excluded.max_value <> 'NaN') OR b.max_value = 'NaN' THEN excluded.max_value ELSE b.max_value END,
            max_step = CASE WHEN (excluded.max_value > b.max_value AND excluded.max_value <> 'NaN') OR b.max_value = 'NaN' THEN excluded.max_step ELSE b.max_step END,
            max_ts = CASE WHEN (excluded.max_value > b.max_value AND excluded.max_value <> 'NaN') OR b.max_value = 'NaN' THEN excluded.max_ts ELSE b.max_ts END
        """;

    /// <summary>The bit shift from a step to its block at a level.</summary>
    public static int Shift(int level) => BaseShift + (LevelShift * level);

    /// <summary>Level 0 blocks cover 2^BaseShift steps; each level up multiplies that by 2^LevelShift.</summary>
    internal const int BaseShift = 6;

    /// <inheritdoc cref="BaseShift"/>
    internal const int LevelShift = 4;

    /// <summary>Summaries of the series' points, one per run, key, level and block they touch.</summary>
    public static IReadOnlyList<BlockSummary> Summarize(IReadOnlyList<MetricSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);

        // Within a series points mostly come in step order, so consecutive points usually fall in the block just
        // seen: that block is kept at hand and the dictionary is the slow path.
        var result = new List<BlockSummary>();
        var open = new Dictionary<long, Accumulator>();
        foreach (var (runId, key, list) in series)
        {
            for (short level = 0; level < Levels; level++)
            {
                var shift = Shift(level);
                open.Clear();
                Accumulator? current = null;
                foreach (var point in list)
                {
                    var block = point.Step >> shift;
                    if (current?.Block != block && !open.TryGetValue(block, out current))
                    {
                        open[block] = current = new Accumulator(block, point);
                    }

                    current!.Add(point);
                }

                result.AddRange(open.Values.Select(a => new BlockSummary(runId, key, level, a.Block, a.Count, a.FirstStep, a.LastStep, a.Min, a.Max)));
            }
        }

        return result;
    }

    /// <summary>One block's count, step extent, and its lowest and highest points.</summary>
    public sealed record BlockSummary(
        Guid RunId, string Key, short Level, long Block, long Count, long FirstStep, long LastStep, MetricPoint Min, MetricPoint Max);

    private sealed class Accumulator(long block, MetricPoint first)
    {
        public long Block { get; } = block;

        public long Count { get; private set; }

        public long FirstStep { get; private set; } = first.Step;

        public long LastStep { get; private set; } = first.Step;

        public MetricPoint Min { get; private set; } = first;

        public MetricPoint Max { get; private set; } = first;

        public void Add(MetricPoint point)
        {
            Count++;
            FirstStep = Math.Min(FirstStep, point.Step);
            LastStep = Math.Max(LastStep, point.Step);
            if (double.IsNaN(Min.Value) || (!double.IsNaN(point.Value) && point.Value < Min.Value))
            {
                Min = point;
            }

            if (double.IsNaN(Max.Value) || (!double.IsNaN(point.Value) && point.Value > Max.Value))
            {
                Max = point;
            }
        }
    }
}
