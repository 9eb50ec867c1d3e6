using System.Buffers;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Monitoring.Evaluation;

/// <summary>Runs one drift test on one feature from its reference profile and window state.</summary>
internal static class FeatureDriftCalculator
{
    /// <summary>A feature that could not be compared: neither drifted nor counted in the drift share.</summary>
    public static FeatureDrift NotEvaluated(FeatureSpec spec, DriftTestKind test, double threshold, long count) =>
        new(spec.Name, spec.Role, test, 0, null, threshold, false, count, Evaluated: false);

    /// <summary>Runs <paramref name="test"/> on a numeric feature.</summary>
    /// <param name="reference">The reference feature.</param>
    /// <param name="window">The window's state for the feature.</param>
    /// <param name="test">The test to run.</param>
    /// <param name="threshold">The drift threshold.</param>
    /// <param name="binsMatch">Whether the window was binned with the reference's edges; bin-based tests need it.</param>
    public static FeatureDrift Numeric(FeatureProfile reference, NumericAccumulator window, DriftTestKind test, double threshold, bool binsMatch)
    {
        var spec = reference.Spec;
        var count = window.Sketch.Count;
        switch (test)
        {
            case DriftTestKind.KolmogorovSmirnov:
            case DriftTestKind.NormedWasserstein:
                var (gap, area) = CompareCdfs(reference, window.Sketch);
                var epsilon = reference.RankError + window.Sketch.RankErrorBound;
                if (test == DriftTestKind.KolmogorovSmirnov)
                {
                    var p = DriftTests.KolmogorovSmirnovPValue(gap, reference.Count, count);
                    return new FeatureDrift(spec.Name, spec.Role, test, gap, p, threshold, p < threshold, count, ErrorBound: epsilon);
                }

                var normalizer = Math.Max(reference.StandardDeviation, DriftTests.MinimumNormalizer);
                var range = Math.Max(reference.Max, window.Sketch.Max) - Math.Min(reference.Min, window.Sketch.Min);
                var distance = area / normalizer;
                return new FeatureDrift(spec.Name, spec.Role, test, distance, null, threshold, distance > threshold, count, ErrorBound: epsilon * range / normalizer);
            case DriftTestKind.ChiSquared or DriftTestKind.ZTest or DriftTestKind.JensenShannon
                when reference.Frequencies is { } table && window.ValueFrequencies() is { } frequencies:
                // Frequency tests use exact value frequencies while both sides have few distinct values, else the bins.
                var (r, c) = table.Align(frequencies);
                return OnCounts(spec, test, threshold, count, r, c, table.Top);
            default:
                return binsMatch
                    ? OnCounts(spec, test, threshold, count, ToDoubles(reference.Bins), ToDoubles(window.Bins), Top(reference.Bins))
                    : NotEvaluated(spec, test, threshold, count);
        }
    }

    public static FeatureDrift Categorical(FeatureProfile reference, CategoricalAccumulator window, DriftTestKind test, double threshold)
    {
        // CDF tests do not apply to categories (DriftOptions.Validate catches such overrides up front).
        if (test is DriftTestKind.KolmogorovSmirnov or DriftTestKind.NormedWasserstein)
        {
            return NotEvaluated(reference.Spec, test, threshold, window.Counter.Count);
        }

        var table = reference.Frequencies!;
        var (r, c) = table.Align(window.Counter.Categories, window.Counter.OtherCount);
        return OnCounts(reference.Spec, test, threshold, window.Counter.Count, r, c, table.Top);
    }

    private static FeatureDrift OnCounts(FeatureSpec spec, DriftTestKind test, double threshold, long count, double[] r, double[] c, int top)
    {
        switch (test)
        {
            case DriftTestKind.ChiSquared:
                var chi = DriftTests.ChiSquared(r, c);
                return new FeatureDrift(spec.Name, spec.Role, test, chi.Statistic, chi.PValue, threshold, chi.PValue < threshold, count);
            case DriftTestKind.ZTest:
                var z = DriftTests.TwoProportionZTest((long)r[top], (long)r.Sum(), (long)c[top], (long)c.Sum());
                return new FeatureDrift(spec.Name, spec.Role, test, z.Statistic, z.PValue, threshold, z.PValue < threshold, count);
            default:
                var distance = test switch
                {
                    DriftTestKind.PopulationStability => DriftTests.PopulationStabilityIndex(r, c),
                    DriftTestKind.KullbackLeibler => DriftTests.KullbackLeiblerDivergence(r, c),
                    _ => DriftTests.JensenShannonDistance(r, c),
                };
                return new FeatureDrift(spec.Name, spec.Role, test, distance, null, threshold, distance > threshold, count);
        }
    }

    private static (double MaxGap, double Area) CompareCdfs(FeatureProfile reference, QuantileSketch window)
    {
        var buffer = ArrayPool<CdfPoint>.Shared.Rent(window.RetainedCount);
        try
        {
            var length = window.CopyCdf(buffer);
            return CdfMath.Compare(reference.CdfSpan, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<CdfPoint>.Shared.Return(buffer);
        }
    }

    private static double[] ToDoubles(long[] counts)
    {
        var values = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            values[i] = counts[i];
        }

        return values;
    }

    private static int Top(long[] counts)
    {
        var top = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            top = counts[i] > counts[top] ? i : top;
        }

        return top;
    }
}
