using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Evaluation;

/// <summary>How <see cref="WindowEvaluator"/> decides drift: per-feature test and threshold overrides and the dataset share.</summary>
/// <remarks>
/// Default thresholds follow Evidently: p &lt; 0.05 for Kolmogorov–Smirnov, chi-squared and Z-tests; a distance
/// above 0.1 for normed Wasserstein, Jensen–Shannon, PSI and KL.
/// </remarks>
public sealed record DriftOptions
{
    /// <summary>The defaults: Evidently's test choice and thresholds, dataset drift at a share of 0.5.</summary>
    public static DriftOptions Default { get; } = new();

    /// <summary>Dataset drift is declared when at least this share of evaluated input features drifted, in (0, 1].</summary>
    public double DriftShareThreshold { get; init; } = 0.5;

    /// <summary>Tests to use instead of the default choice, by feature name.</summary>
    public IReadOnlyDictionary<string, DriftTestKind> Tests { get; init; } = new Dictionary<string, DriftTestKind>(StringComparer.Ordinal);

    /// <summary>Thresholds to use instead of the test's default, by feature name (a p-value or a distance).</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The default threshold of a test: the p-value below which, or the distance above which, drift is declared.</summary>
    /// <param name="test">The test.</param>
    public static double DefaultThreshold(DriftTestKind test) => IsHypothesisTest(test) ? DefaultDriftTest.PValueThreshold : DefaultDriftTest.DistanceThreshold;

    /// <summary>Whether the test yields a p-value (drift below the threshold) rather than a distance (drift above it).</summary>
    /// <param name="test">The test.</param>
    public static bool IsHypothesisTest(DriftTestKind test) =>
        test is DriftTestKind.KolmogorovSmirnov or DriftTestKind.ChiSquared or DriftTestKind.ZTest;

    /// <summary>Checks the options, so that a bad configuration fails at start-up rather than when a window closes.</summary>
    /// <exception cref="ArgumentException">A threshold or test is out of range.</exception>
    public void Validate()
    {
        if (!(DriftShareThreshold is > 0 and <= 1))
        {
            throw new ArgumentException($"VALIDATION: the drift share threshold must be in (0, 1]; got {DriftShareThreshold}.");
        }

        foreach (var (name, test) in Tests)
        {
            if (!Enum.IsDefined(test))
            {
                throw new ArgumentException($"VALIDATION: feature '{name}' names an unknown drift test ({test}).");
            }
        }

        foreach (var (name, threshold) in Thresholds)
        {
            if (!double.IsFinite(threshold) || threshold <= 0)
            {
                throw new ArgumentException($"VALIDATION: the drift threshold of feature '{name}' must be a positive number; got {threshold}.");
            }
        }
    }

    /// <summary>
    /// Checks the options against a model's features too: overrides must name a feature, and Kolmogorov–Smirnov and
    /// normed Wasserstein need a numeric one (the evaluator would leave the feature not evaluated).
    /// </summary>
    /// <param name="features">The monitored features.</param>
    /// <exception cref="ArgumentException">An override names no feature or does not fit its kind.</exception>
    public void Validate(IReadOnlyList<FeatureSpec> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Validate();
        var kinds = features.ToDictionary(f => f.Name, f => f.Kind, StringComparer.Ordinal);
        foreach (var name in Tests.Keys.Concat(Thresholds.Keys))
        {
            if (!kinds.ContainsKey(name))
            {
                throw new ArgumentException($"VALIDATION: a drift test or threshold is set for '{name}', which is not a monitored feature.", nameof(features));
            }
        }

        foreach (var (name, test) in Tests)
        {
            if (kinds[name] == FeatureKind.Categorical && test is DriftTestKind.KolmogorovSmirnov or DriftTestKind.NormedWasserstein)
            {
                throw new ArgumentException($"VALIDATION: feature '{name}' is categorical; {test} needs a numeric feature.", nameof(features));
            }
        }
    }
}
