using MLOps.Contracts.Tracking;

namespace MLOps.Storage.Tracking;

/// <summary>
/// The points of one metric key of one run within a commit group, in the order they were logged. The writer
/// groups a commit's points this way once, and derives from it the chunk rows, the latest values and the
/// block summaries.
/// </summary>
public sealed record MetricSeries(Guid RunId, string Key, IReadOnlyList<MetricPoint> Points)
{
    /// <summary>The points grouped by run and key.</summary>
    public static IReadOnlyList<MetricSeries> Group(IEnumerable<(Guid RunId, IReadOnlyList<MetricPoint> Points)> batches)
    {
        var series = new Dictionary<(Guid, string), List<MetricPoint>>();
        foreach (var (runId, points) in batches)
        {
            foreach (var point in points)
            {
                if (!series.TryGetValue((runId, point.Key), out var list))
                {
                    series[(runId, point.Key)] = list = [];
                }

                list.Add(point);
            }
        }

        return [.. series.Select(s => new MetricSeries(s.Key.Item1, s.Key.Item2, s.Value))];
    }

    /// <summary>The point with the highest step, then the latest timestamp: what search and ordering compare.</summary>
    public MetricPoint Latest => Points.MaxBy(p => (p.Step, p.Timestamp.UtcTicks))!;
}
