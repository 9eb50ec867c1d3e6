using System.Runtime.InteropServices;
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
    /// <see cref="IndexOf"/> places it. With a few ascending edges it counts, per edge, the values above it, eight
    /// at a time and without touching the bins; a bin's count is then the difference of its two edges' counts, since a
    /// value above an edge is above every lower edge too.
    /// </summary>
    public static void CountInto(long[] counts, double[] edges, ReadOnlySpan<double> values) =>
        CountInto(counts, edges, values, IsAscending(edges));

    /// <summary>
    /// <see cref="CountInto(long[], double[], ReadOnlySpan{double})"/> for a caller that keeps the edges and knows
    /// whether they ascend strictly (<see cref="IsAscending"/>), so the hot path does not check them again per call.
    /// </summary>
    public static void CountInto(long[] counts, double[] edges, ReadOnlySpan<double> values, bool edgesAscending)
    {
        var lanes = Vector512<double>.Count;
        var vectored = values.Length - (values.Length % lanes);
        if (vectored > 0 && edges.Length is > 0 and <= 16 && Vector512.IsHardwareAccelerated && edgesAscending)
        {
            ref var start = ref MemoryMarshal.GetReference(values);
            var previous = (long)vectored;
            for (var e = 0; e < edges.Length; e++)
            {
                var edge = Vector512.Create(edges[e]);
                var above = Vector512<long>.Zero;
                for (var i = 0; i < vectored; i += lanes)
                {
                    // A true lane is all ones, -1 as a long: subtracting it counts the value.
                    above -= Vector512.LessThan(edge, Vector512.LoadUnsafe(ref start, (nuint)i)).AsInt64();
                }

                var count = Vector512.Sum(above);
                counts[e] += previous - count;
                previous = count;
            }

            counts[edges.Length] += previous;
            values = values[vectored..];
        }

        foreach (var value in values)
        {
            counts[IndexOf(edges, value)]++;
        }
    }

    /// <summary>Whether every edge is strictly above the one before it (the per-edge counting needs it).</summary>
    public static bool IsAscending(double[] edges)
    {
        for (var e = 1; e < edges.Length; e++)
        {
            if (!(edges[e - 1] < edges[e]))
            {
                return false;
            }
        }

        return true;
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
