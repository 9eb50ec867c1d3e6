using System.Runtime.CompilerServices;

namespace MLOps.Monitoring.Evaluation;

/// <summary>Distances between two step CDFs, in one allocation-free walk.</summary>
internal static class CdfMath
{
    /// <summary>sup |F_a − F_b| (the KS statistic) and ∫ |F_a − F_b| dx (the Wasserstein-1 distance).</summary>
    // Fully optimized from the first call: windows are evaluated too rarely for tiered compilation to catch up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double MaxGap, double Area) Compare(ReadOnlySpan<CdfPoint> a, ReadOnlySpan<CdfPoint> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return (0, 0);
        }

        int i = 0, j = 0;
        double fa = 0, fb = 0, maxGap = 0, area = 0, gap = 0;
        var previousX = Math.Min(a[0].Value, b[0].Value);
        while (i < a.Length || j < b.Length)
        {
            // Take the next jump of either CDF; both jump when their values are equal.
            double x;
            if (j == b.Length || (i < a.Length && a[i].Value < b[j].Value))
            {
                x = a[i].Value;
                fa = a[i++].Rank;
            }
            else if (i == a.Length || b[j].Value < a[i].Value)
            {
                x = b[j].Value;
                fb = b[j++].Rank;
            }
            else
            {
                x = a[i].Value;
                fa = a[i++].Rank;
                fb = b[j++].Rank;
            }

            // The previous gap held on [previousX, x).
            area += gap * (x - previousX);
            previousX = x;
            gap = Math.Abs(fa - fb);
            maxGap = Math.Max(maxGap, gap);
        }

        return (maxGap, area);
    }
}
