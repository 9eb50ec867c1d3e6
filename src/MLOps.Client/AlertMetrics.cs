namespace MLOps.Client;

/// <summary>The metrics an <see cref="AlertRule"/> can watch; each is judged on every closed window.</summary>
public static class AlertMetrics
{
    /// <summary>Share of input features that drifted.</summary>
    public const string DriftShare = "DRIFT_SHARE";

    /// <summary>One feature's drift score (<see cref="AlertRule.Feature"/>): the p-value for hypothesis tests (use BELOW), else the distance.</summary>
    public const string FeatureDrift = "FEATURE_DRIFT";

    /// <summary>Classification accuracy from labelled predictions.</summary>
    public const string Accuracy = "ACCURACY";

    /// <summary>Precision (binary: of the second class; more classes: macro average).</summary>
    public const string Precision = "PRECISION";

    /// <summary>Recall (binary: of the second class; more classes: macro average).</summary>
    public const string Recall = "RECALL";

    /// <summary>F1 (binary: of the second class; more classes: macro average).</summary>
    public const string F1 = "F1";

    /// <summary>ROC AUC from the class scores.</summary>
    public const string RocAuc = "ROC_AUC";

    /// <summary>Log loss from the class scores.</summary>
    public const string LogLoss = "LOG_LOSS";

    /// <summary>Regression mean absolute error.</summary>
    public const string Mae = "MAE";

    /// <summary>Regression root mean squared error.</summary>
    public const string Rmse = "RMSE";

    /// <summary>Regression R squared.</summary>
    public const string R2 = "R2";

    /// <summary>95th percentile latency in milliseconds.</summary>
    public const string LatencyP95 = "LATENCY_P95";

    /// <summary>Share of requests the model refused.</summary>
    public const string ErrorRate = "ERROR_RATE";
}
