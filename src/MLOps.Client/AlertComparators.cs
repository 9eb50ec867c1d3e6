namespace MLOps.Client;

/// <summary>Which side of its threshold makes an <see cref="AlertRule"/> fire.</summary>
public static class AlertComparators
{
    /// <summary>Fires when the metric is above the threshold (the default).</summary>
    public const string Above = "ABOVE";

    /// <summary>Fires when the metric is below the threshold (p-values, accuracy, ...).</summary>
    public const string Below = "BELOW";
}
