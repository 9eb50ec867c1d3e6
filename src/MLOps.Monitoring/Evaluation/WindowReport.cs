namespace MLOps.Monitoring.Evaluation;

/// <summary>The evaluation of one closed window against the model version's reference.</summary>
/// <param name="Count">Rows in the window.</param>
/// <param name="RequestCount">Requests served.</param>
/// <param name="FailedRequestCount">Requests that failed.</param>
/// <param name="ErrorRate">Failed over served requests; 0 without requests.</param>
/// <param name="LatencyP50">Median request latency in milliseconds; null without requests.</param>
/// <param name="LatencyP95">95th percentile request latency in milliseconds; null without requests.</param>
/// <param name="LatencyP99">99th percentile request latency in milliseconds; null without requests.</param>
/// <param name="Drift">Per feature drift, inputs and predictions, in feature order.</param>
/// <param name="Quality">Per feature data quality, in feature order.</param>
/// <param name="EvaluatedInputCount">Input features that could be evaluated.</param>
/// <param name="DriftedInputCount">Input features that drifted.</param>
/// <param name="DriftShare">Drifted over evaluated input features; 0 when none was evaluated.</param>
/// <param name="DatasetDrift">Whether the drift share reached the threshold (never when no input was evaluated).</param>
/// <param name="PredictionDrift">Whether any prediction feature drifted.</param>
public sealed record WindowReport(
    long Count, long RequestCount, long FailedRequestCount, double ErrorRate,
    double? LatencyP50, double? LatencyP95, double? LatencyP99,
    IReadOnlyList<FeatureDrift> Drift, IReadOnlyList<FeatureQuality> Quality,
    int EvaluatedInputCount, int DriftedInputCount, double DriftShare, bool DatasetDrift, bool PredictionDrift);
