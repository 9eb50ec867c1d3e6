namespace MLOps.Grains.Monitoring;

/// <summary>A window's evaluation: the stored report and the figures alert rules read.</summary>
public sealed record WindowVerdict(
    long Rows,
    long Requests,
    double? DriftShare,
    bool DatasetDrift,
    string ReportJson,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> FeatureScores,
    long LabelledRows);
