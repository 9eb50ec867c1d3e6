namespace MLOps.Storage.Monitoring;

/// <summary>A drift window as stored: its figures and, once closed, its report (JSON).</summary>
public sealed record WindowRecord(
    string Deployment,
    string ModelName,
    int Version,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long RowCount,
    long RequestCount,
    DateTimeOffset? ClosedAt,
    double? DriftShare,
    bool DatasetDrift,
    string? ReportJson);
