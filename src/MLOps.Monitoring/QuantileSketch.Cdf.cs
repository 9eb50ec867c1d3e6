using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLOps.Monitoring;

/// <summary>The sorted view of <see cref="QuantileSketch"/>, built without allocating per call.</summary>
public sealed partial class QuantileSketch
{
    /// <summary>
    /// Writes the step CDF (as <see cref="CdfPoints"/> returns it) into <paramref name="destination"/>, which must
    /// hold at least <see cref="RetainedCount"/> points, and returns the number of points written.
    /// </summary>
    /// <remarks>
    /// Only the lowest level is sorted; the sorted levels above are merged bottom-up, smallest first. Compiled fully
    /// optimized from the first call, as a window is evaluated once, too few times for tiered compilation to kick in.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int CopyCdf(Span<CdfPoint> destination)
    {
        if (Count == 0)
        {
            return 0;
        }

        var pool = ArrayPool<double>.Shared;
        var weightPool = ArrayPool<long>.Shared;
        var values = pool.Rent(_retained);
        var spare = pool.Rent(_retained);
        var weights = weightPool.Rent(_retained);
        var spareWeights = weightPool.Rent(_retained);
        try
        {
            var lowest = CollectionsMarshal.AsSpan(_levels[0]);
            lowest.CopyTo(values);
            Array.Sort(values, 0, lowest.Length);
            weights.AsSpan(0, lowest.Length).Fill(1);
            var length = lowest.Length;
            for (var h = 1; h < _levels.Count; h++)
            {
                var level = CollectionsMarshal.AsSpan(_levels[h]);
                if (level.Length == 0)
                {
                    continue;
                }

                length = MergeWeighted(values.AsSpan(0, length), weights, level, 1L << h, spare, spareWeights);
                (values, spare) = (spare, values);
                (weights, spareWeights) = (spareWeights, weights);
            }

            long cumulative = 0;
            var written = 0;
            for (var i = 0; i < length; i++)
            {
                cumulative += weights[i];
                if (i + 1 < length && values[i + 1] == values[i])
                {
                    continue;
                }

                destination[written++] = new CdfPoint(values[i], (double)cumulative / Count);
            }

            return written;
        }
        finally
        {
            pool.Return(values);
            pool.Return(spare);
            weightPool.Return(weights);
            weightPool.Return(spareWeights);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MergeWeighted(ReadOnlySpan<double> values, long[] weights, ReadOnlySpan<double> level, long levelWeight, double[] output, long[] outputWeights)
    {
        int i = 0, j = 0, o = 0;
        while (i < values.Length && j < level.Length)
        {
            if (values[i] <= level[j])
            {
                output[o] = values[i];
                outputWeights[o++] = weights[i++];
            }
            else
            {
                output[o] = level[j++];
                outputWeights[o++] = levelWeight;
            }
        }

        for (; i < values.Length; i++, o++)
        {
            output[o] = values[i];
            outputWeights[o] = weights[i];
        }

        for (; j < level.Length; j++, o++)
        {
            output[o] = level[j];
            outputWeights[o] = levelWeight;
        }

        return o;
    }
}
