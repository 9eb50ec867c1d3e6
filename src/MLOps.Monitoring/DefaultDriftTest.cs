using System.Globalization;

namespace MLOps.Monitoring;

/// <summary>Evidently's default choice of drift test for a feature, and its evaluation.</summary>
/// <remarks>
/// With at most 1000 reference values: numeric features with more than 5 distinct values use Kolmogorov–Smirnov,
/// other features with more than 2 categories use chi-squared and the rest use the two-proportion Z-test, all
/// declaring drift when p &lt; 0.05. With more reference values: numeric features with more than 5 distinct values
/// use normed Wasserstein and the rest use Jensen–Shannon distance, declaring drift when the distance exceeds 0.1.
/// </remarks>
public static class DefaultDriftTest
{
    /// <summary>Reference sizes up to this use hypothesis tests; larger ones use distances.</summary>
    public const int SmallReferenceLimit = 1000;

    /// <summary>The p-value below which a hypothesis test declares drift.</summary>
    public const double PValueThreshold = 0.05;

    /// <summary>The distance above which a distance test declares drift.</summary>
    public const double DistanceThreshold = 0.1;

    /// <summary>Chooses the test for a feature.</summary>
    /// <param name="kind">Whether the feature is numeric or categorical.</param>
    /// <param name="referenceCount">Number of reference values.</param>
    /// <param name="distinctReferenceValues">Number of distinct reference values.</param>
    public static DriftTestKind Choose(FeatureKind kind, long referenceCount, int distinctReferenceValues)
    {
        var continuous = kind == FeatureKind.Numeric && distinctReferenceValues > 5;
        if (referenceCount > SmallReferenceLimit)
        {
            return continuous ? DriftTestKind.NormedWasserstein : DriftTestKind.JensenShannon;
        }

        return continuous ? DriftTestKind.KolmogorovSmirnov
            : distinctReferenceValues > 2 ? DriftTestKind.ChiSquared
            : DriftTestKind.ZTest;
    }

    /// <summary>Runs the default test on a numeric feature's raw samples (NaN values must be removed first).</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    public static DriftTestResult Evaluate(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var distinct = reference.Distinct().Count();
        var test = Choose(FeatureKind.Numeric, reference.Count, distinct);
        switch (test)
        {
            case DriftTestKind.KolmogorovSmirnov:
                var ks = DriftTests.KolmogorovSmirnov(reference, current);
                return new DriftTestResult(test, ks.Statistic, ks.PValue, PValueThreshold, ks.PValue < PValueThreshold);
            case DriftTestKind.NormedWasserstein:
                var distance = DriftTests.NormedWasserstein(reference, current);
                return new DriftTestResult(test, distance, null, DistanceThreshold, distance > DistanceThreshold);
            default:
                // Few distinct values: the feature is compared as categories.
                return Evaluate(CountValues(reference), CountValues(current));
        }
    }

    /// <summary>Runs the default test on a categorical feature's frequency tables.</summary>
    /// <param name="reference">Reference counts by category.</param>
    /// <param name="current">Current counts by category.</param>
    public static DriftTestResult Evaluate(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var present = reference.Where(p => p.Value > 0).ToList();
        var test = Choose(FeatureKind.Categorical, present.Sum(p => p.Value), present.Count);
        switch (test)
        {
            case DriftTestKind.ChiSquared:
                var chi = DriftTests.ChiSquared(reference, current);
                return new DriftTestResult(test, chi.Statistic, chi.PValue, PValueThreshold, chi.PValue < PValueThreshold);
            case DriftTestKind.ZTest:
                // The proportion tested is that of the reference's most frequent category.
                var category = present.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).FirstOrDefault() ?? string.Empty;
                var z = DriftTests.TwoProportionZTest(
                    reference.GetValueOrDefault(category), Math.Max(1, reference.Values.Sum()),
                    current.GetValueOrDefault(category), Math.Max(1, current.Values.Sum()));
                return new DriftTestResult(test, z.Statistic, z.PValue, PValueThreshold, z.PValue < PValueThreshold);
            default:
                var js = DriftTests.JensenShannonDistance(reference, current);
                return new DriftTestResult(test, js, null, DistanceThreshold, js > DistanceThreshold);
        }
    }

    private static Dictionary<string, long> CountValues(IReadOnlyList<double> sample) =>
        sample.GroupBy(x => x.ToString("R", CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
