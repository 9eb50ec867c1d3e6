namespace MLOps.Client;

/// <summary>The drift tests a window reports (<see cref="FeatureDrift.Test"/>) and a <see cref="FeatureTest"/> can choose.</summary>
public static class DriftTestNames
{
    /// <summary>Two-sample Kolmogorov-Smirnov; drift when p &lt; 0.05. The default for numeric features of references up to 1,000 rows.</summary>
    public const string KolmogorovSmirnov = "KS";

    /// <summary>Chi-squared test of homogeneity; drift when p &lt; 0.05. The default for categories of references up to 1,000 rows.</summary>
    public const string ChiSquared = "CHI_SQUARED";

    /// <summary>Two-proportion Z-test; drift when p &lt; 0.05. The default for two values or fewer in references up to 1,000 rows.</summary>
    public const string ZTest = "Z_TEST";

    /// <summary>Wasserstein distance over the reference's standard deviation; drift above 0.1. The default for numeric features of larger references.</summary>
    public const string Wasserstein = "WASSERSTEIN";

    /// <summary>Jensen-Shannon distance; drift above 0.1. The default for categories of larger references.</summary>
    public const string JensenShannon = "JENSEN_SHANNON";

    /// <summary>Population stability index over the reference's decile bins; drift above 0.1. Never chosen by default.</summary>
    public const string PopulationStability = "PSI";

    /// <summary>Kullback-Leibler divergence over the reference's decile bins; drift above 0.1. Never chosen by default.</summary>
    public const string KullbackLeibler = "KL";
}
