namespace MLOps.Storage.Monitoring;

/// <summary>An alert: raised by a rule on a window, FIRING until a later window clears it.</summary>
public sealed record AlertRecord(
    long Id,
    Guid RuleId,
    string RuleName,
    string Metric,
    string? Feature,
    string Deployment,
    string ModelName,
    int Version,
    string State,
    double Value,
    double Threshold,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    DateTimeOffset LastWindow,
    string Message,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ResolvedAt,
    double? ResolvedValue);
