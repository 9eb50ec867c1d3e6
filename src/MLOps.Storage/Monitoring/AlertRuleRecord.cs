namespace MLOps.Storage.Monitoring;

/// <summary>A live alert rule of a deployment.</summary>
public sealed record AlertRuleRecord(
    Guid Id,
    string Deployment,
    string Name,
    string Metric,
    string? Feature,
    string Comparator,
    double Threshold,
    long MinSamples,
    DateTimeOffset CreatedAt,
    string CreatedBy);
