namespace MLOps.Monitoring;

/// <summary>The statistical tests <see cref="DefaultDriftTest"/> chooses between.</summary>
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
}
