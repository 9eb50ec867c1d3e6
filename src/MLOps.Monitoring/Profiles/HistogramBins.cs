namespace MLOps.Monitoring.Profiles;

/// <summary>Histogram bins cut at reference quantiles; bin i is (edge[i−1], edge[i]], open-ended at both ends.</summary>
internal static class HistogramBins
{
    /// <summary>Interior edges at ranks 1/bins … (bins−1)/bins of sorted data, duplicates removed (discrete data).</summary>
    public static double[] QuantileEdges(ReadOnlySpan<double> sorted, int bins)
    {
        var edges = new List<double>(bins);
        if (sorted.Length == 0)
        {
            return [];
        }

        for (var i = 1; i < bins; i++)
        {
            // The smallest value whose rank is at least i/bins, the same rule as QuantileSketch.Quantile.
            var index = (int)Math.Ceiling((double)i * sorted.Length / bins) - 1;
            var edge = sorted[Math.Clamp(index, 0, sorted.Length - 1)];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }

    /// <summary>The bin of <paramref name="value"/>: the number of edges strictly below it.</summary>
    public static int IndexOf(double[] edges, double value)
    {
        // A handful of edges (deciles) is counted without branches; a binary search would mispredict on random data.
        if (edges.Length <= 16)
        {
            var below = 0;
            foreach (var edge in edges)
            {
                below += edge < value ? 1 : 0;
            }

            return below;
        }

        int low = 0, high = edges.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (edges[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Counts of sorted data per bin.</summary>
    public static long[] Count(ReadOnlySpan<double> sorted, double[] edges)
    {
        var counts = new long[edges.Length + 1];
        foreach (var value in sorted)
        {
            counts[IndexOf(edges, value)]++;
        }

        return counts;
    }
}
