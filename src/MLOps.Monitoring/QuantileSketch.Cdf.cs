using System.Buffers;
using System.Runtime.CompilerServices;

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
        var level = pool.Rent(_retained);
        try
        {
            var length = _levels.Size(0);
            _levels.CopyLevel(0, values);
            Array.Sort(values, 0, length);
            weights.AsSpan(0, length).Fill(1);
            for (var h = 1; h < _levels.Count; h++)
            {
                var size = _levels.Size(h);
                if (size == 0)
                {
                    continue;
                }

                _levels.CopyLevel(h, level);
                length = MergeWeighted(values.AsSpan(0, length), weights, level.AsSpan(0, size), 1L << h, spare, spareWeights);
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
            pool.Return(level);
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
