namespace MLOps.Contracts.Monitoring;

/// <summary>
/// A monitoring event on the in-cluster stream: exactly one of <see cref="Alert"/> and <see cref="Window"/> is set.
/// The stream is fast but not durable; alerts are also durable rows and webhook events.
/// </summary>
/// <param name="Alert">An alert that was raised or resolved.</param>
/// <param name="Window">A window that closed and was evaluated.</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.MonitoringNotice")]
public sealed record MonitoringNotice(
    [property: Id(0)] AlertNotice? Alert,
    [property: Id(1)] WindowClosedNotice? Window);

/// <summary>An alert raised, or resolved, by a rule on a window.</summary>
/// <param name="Id">The alert's id.</param>
/// <param name="Deployment">The deployment the rule watches.</param>
/// <param name="RuleId">The rule that raised it.</param>
/// <param name="RuleName">The rule's name.</param>
/// <param name="Metric">The metric the rule watches, e.g. DRIFT_SHARE.</param>
/// <param name="Feature">The feature, for FEATURE_DRIFT rules.</param>
/// <param name="State">FIRING or RESOLVED.</param>
/// <param name="Value">The metric's value in the window that raised (or resolved) the alert.</param>
/// <param name="Threshold">The rule's threshold.</param>
/// <param name="WindowStart">Start of that window.</param>
/// <param name="WindowEnd">End of that window.</param>
/// <param name="Message">One sentence saying what happened.</param>
/// <param name="At">When it was raised or resolved.</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.AlertNotice")]
public sealed record AlertNotice(
    [property: Id(0)] long Id,
    [property: Id(1)] string Deployment,
    [property: Id(2)] Guid RuleId,
    [property: Id(3)] string RuleName,
    [property: Id(4)] string Metric,
    [property: Id(5)] string? Feature,
    [property: Id(6)] string State,
    [property: Id(7)] double Value,
    [property: Id(8)] double Threshold,
    [property: Id(9)] DateTimeOffset WindowStart,
    [property: Id(10)] DateTimeOffset WindowEnd,
    [property: Id(11)] string Message,
    [property: Id(12)] DateTimeOffset At);

/// <summary>A drift window that closed and was evaluated.</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="ModelName">The model the window profiles.</param>
/// <param name="Version">The model version the window profiles.</param>
/// <param name="WindowStart">Start of the window.</param>
/// <param name="WindowEnd">End of the window.</param>
/// <param name="Count">Rows profiled.</param>
/// <param name="DriftShare">Share of input features that drifted; null without a reference profile.</param>
/// <param name="DatasetDrift">Whether the share reached the deployment's threshold.</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.WindowClosedNotice")]
public sealed record WindowClosedNotice(
    [property: Id(0)] string Deployment,
    [property: Id(1)] string ModelName,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset WindowStart,
    [property: Id(4)] DateTimeOffset WindowEnd,
    [property: Id(5)] long Count,
    [property: Id(6)] double? DriftShare,
    [property: Id(7)] bool DatasetDrift);
