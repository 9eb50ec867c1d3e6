namespace MLOps.Monitoring;

/// <summary>How a feature's values are compared for drift.</summary>
public enum FeatureKind
{
    /// <summary>Real-valued; compared by distribution functions.</summary>
    Numeric,

    /// <summary>Discrete labels; compared by frequencies.</summary>
    Categorical,
}
