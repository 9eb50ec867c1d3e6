namespace MLOps.Contracts.Monitoring;

/// <summary>What an alert rule can watch.</summary>
public static class AlertMetrics
{
    /// <summary>Share of input features that drifted (0 to 1).</summary>
    public const string DriftShare = "DRIFT_SHARE";

    /// <summary>One feature's drift score: its test statistic, or the p-value for hypothesis tests.</summary>
    public const string FeatureDrift = "FEATURE_DRIFT";

    /// <summary>Classification accuracy from labelled predictions.</summary>
    public const string Accuracy = "ACCURACY";

    /// <summary>Precision (positive class, or macro average).</summary>
    public const string Precision = "PRECISION";

    /// <summary>Recall (positive class, or macro average).</summary>
    public const string Recall = "RECALL";

    /// <summary>F1 (positive class, or macro average).</summary>
    public const string F1 = "F1";

    /// <summary>Area under the ROC curve (one-vs-rest macro average for several classes).</summary>
    public const string RocAuc = "ROC_AUC";

    /// <summary>Cross-entropy of the predicted probabilities.</summary>
    public const string LogLoss = "LOG_LOSS";

    /// <summary>Regression mean absolute error.</summary>
    public const string Mae = "MAE";

    /// <summary>Regression root mean squared error.</summary>
    public const string Rmse = "RMSE";

    /// <summary>Regression coefficient of determination.</summary>
    public const string R2 = "R2";

    /// <summary>95th percentile of request latency in milliseconds.</summary>
    public const string LatencyP95 = "LATENCY_P95";

    /// <summary>Share of requests that failed (0 to 1).</summary>
    public const string ErrorRate = "ERROR_RATE";

    /// <summary>Every metric, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [DriftShare, FeatureDrift, Accuracy, Precision, Recall, F1, RocAuc, LogLoss, Mae, Rmse, R2, LatencyP95, ErrorRate];

    /// <summary>Whether the metric is computed from labels (its sample count is the labelled rows).</summary>
    public static bool IsPerformance(string metric) =>
        metric is Accuracy or Precision or Recall or F1 or RocAuc or LogLoss or Mae or Rmse or R2;
}
