using System.Runtime.Intrinsics;

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

    /// <summary>
    /// Adds each of <paramref name="values"/> (no NaN) to its bin in <paramref name="counts"/>, exactly as
    /// <see cref="IndexOf"/> places it: four values at a time against each edge when there are few edges.
    /// </summary>
    public static void CountInto(long[] counts, double[] edges, ReadOnlySpan<double> values)
    {
        var i = 0;
        if (edges.Length is > 0 and <= 16 && Vector256.IsHardwareAccelerated)
        {
            Span<Vector256<double>> below = stackalloc Vector256<double>[edges.Length];
            for (var e = 0; e < edges.Length; e++)
            {
                below[e] = Vector256.Create(edges[e]);
            }

            for (; i + Vector256<double>.Count <= values.Length; i += Vector256<double>.Count)
            {
                var block = Vector256.Create(values.Slice(i, Vector256<double>.Count));
                var index = Vector256<long>.Zero;
                foreach (var edge in below)
                {
                    // A true lane is all ones, -1 as a long: subtracting it counts the edge.
                    index -= Vector256.LessThan(edge, block).AsInt64();
                }

                counts[index.GetElement(0)]++;
                counts[index.GetElement(1)]++;
                counts[index.GetElement(2)]++;
                counts[index.GetElement(3)]++;
            }
        }

        for (; i < values.Length; i++)
        {
            counts[IndexOf(edges, values[i])]++;
        }
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
