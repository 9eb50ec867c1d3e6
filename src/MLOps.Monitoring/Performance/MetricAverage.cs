namespace MLOps.Monitoring.Performance;

/// <summary>How per-class precision, recall and F1 are combined for three or more classes.</summary>
public enum MetricAverage
{
    /// <summary>The unweighted mean over the classes that occur (as label or prediction) in the window.</summary>
    Macro,

    /// <summary>The mean over classes weighted by each class's number of true instances (its support).</summary>
    Weighted,

    /// <summary>
    /// Counts pooled over all classes; with one label per pair this makes precision, recall and F1 all equal
    /// to accuracy.
    /// </summary>
    Micro,
}
