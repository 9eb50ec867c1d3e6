namespace MLOps.Storage.Monitoring;

/// <summary>
/// A window's evaluation as stored (the <c>report</c> column) and served: requests, drift per feature, data quality
/// and performance. Values that cannot be computed are null, never NaN.
/// </summary>
public sealed record WindowReportDocument(
    long Rows,
    long Requests,
    long FailedRequests,
    double? LatencyP50,
    double? LatencyP95,
    double? LatencyP99,
    bool HasReference,
    double? DriftShare,
    bool DatasetDrift,
    bool PredictionDrift,
    int DriftedFeatures,
    int EvaluatedFeatures,
    IReadOnlyList<FeatureDriftDocument> Features,
    IReadOnlyList<FeatureQualityDocument> Quality,
    PerformanceDocument? Performance)
{
    /// <summary>The request error rate, or null without requests.</summary>
    public double? ErrorRate => Requests == 0 ? null : (double)FailedRequests / Requests;
}

/// <summary>
/// One feature's drift verdict; <see cref="Evaluated"/> is false when the window had no values for it.
/// <see cref="ErrorBound"/> is the most the sketch-based statistic can differ from the exact one (docs/monitoring-statistics.md).
/// </summary>
public sealed record FeatureDriftDocument(
    string Name, string Role, string Test, double? Statistic, double? PValue, double Threshold, bool Drifted, long Count, bool Evaluated, double? ErrorBound = null)
{
    /// <summary>The drift score rules watch: the p-value for hypothesis tests, else the distance.</summary>
    public double? Score => PValue ?? Statistic;
}

/// <summary>One feature's data quality in a window.</summary>
public sealed record FeatureQualityDocument(
    string Name, long Count, double MissingRate, double NaNRate, double OutOfRangeShare, double UnseenCategoryShare, long LongestConstantStreak, bool IsConstant);

/// <summary>Performance from the window's labelled predictions.</summary>
public sealed record PerformanceDocument(
    string Task,
    long LabelledRows,
    double? Accuracy,
    double? Precision,
    double? Recall,
    double? F1,
    double? RocAuc,
    double? LogLoss,
    double? Mae,
    double? Rmse,
    double? R2);
