namespace MLOps.Monitoring;

/// <summary>The drift tests: the five <see cref="DefaultDriftTest"/> chooses between, and two that can be chosen per feature.</summary>
public enum DriftTestKind
{
    /// <summary>Two-sample Kolmogorov–Smirnov; drift when p &lt; 0.05.</summary>
    KolmogorovSmirnov,

    /// <summary>Chi-squared test of homogeneity; drift when p &lt; 0.05.</summary>
    ChiSquared,

    /// <summary>Two-proportion Z-test; drift when p &lt; 0.05.</summary>
    ZTest,

    /// <summary>Wasserstein-1 distance divided by the reference standard deviation; drift when above 0.1.</summary>
    NormedWasserstein,

    /// <summary>Jensen–Shannon distance (base 2); drift when above 0.1.</summary>
    JensenShannon,

    /// <summary>
    /// Population stability index over the reference's quantile bins (numeric) or categories; drift when above 0.1,
    /// Evidently's default threshold for PSI. Never chosen by default.
    /// </summary>
    PopulationStability,

    /// <summary>
    /// Kullback–Leibler divergence KL(current ‖ reference) in nats over the same bins; drift when above 0.1,
    /// Evidently's default threshold for KL. Never chosen by default.
    /// </summary>
    KullbackLeibler,
}
