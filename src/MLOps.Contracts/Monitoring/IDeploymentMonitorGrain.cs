using MLOps.Contracts.Identity;

namespace MLOps.Contracts.Monitoring;

/// <summary>
/// The single writer of one deployment's alert rules and alerts (keyed by deployment name): evaluates the rules
/// on every closed window, raises an alert at most once per rule and window, resolves it when the condition
/// clears, and publishes both to webhooks (the event outbox) and the monitoring stream.
/// </summary>
[Alias("mlops.monitoring.IDeploymentMonitorGrain")]
public interface IDeploymentMonitorGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces (by name) an alert rule and returns its id.</summary>
    [Alias("SetRule")]
    Task<Guid> SetRuleAsync(Caller caller, AlertRuleSpec rule);

    /// <summary>Deletes a rule; its alerts stay in the history.</summary>
    [Alias("DeleteRule")]
    Task DeleteRuleAsync(Caller caller, string name);

    /// <summary>Evaluates the rules on a closed window's figures.</summary>
    [Alias("WindowClosed")]
    Task WindowClosedAsync(ClosedWindow window);
}

/// <summary>An alert rule: a metric, a comparison with a threshold, and the samples needed to judge.</summary>
/// <param name="Name">Unique within the deployment.</param>
/// <param name="Metric">One of <see cref="AlertMetrics.All"/>.</param>
/// <param name="Feature">The feature, for FEATURE_DRIFT.</param>
/// <param name="Comparator">ABOVE or BELOW.</param>
/// <param name="Threshold">The value the metric is compared with.</param>
/// <param name="MinSamples">Fewest rows (labelled rows for performance, requests for latency and errors) to judge.</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.AlertRuleSpec")]
public sealed record AlertRuleSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Metric,
    [property: Id(2)] string? Feature,
    [property: Id(3)] string Comparator,
    [property: Id(4)] double Threshold,
    [property: Id(5)] long MinSamples);

/// <summary>A closed window's figures, as the rules read them.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="WindowStart">Start of the window.</param>
/// <param name="WindowEnd">End of the window.</param>
/// <param name="Rows">Rows profiled.</param>
/// <param name="Requests">Requests served.</param>
/// <param name="Metrics">Metric values by <see cref="AlertMetrics"/> name (absent when not computable).</param>
/// <param name="FeatureScores">Each feature's drift score (its test statistic; the p-value for hypothesis tests).</param>
/// <param name="LabelledRows">Rows with ground truth, which performance metrics come from.</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.ClosedWindow")]
public sealed record ClosedWindow(
    [property: Id(0)] string ModelName,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset WindowStart,
    [property: Id(3)] DateTimeOffset WindowEnd,
    [property: Id(4)] long Rows,
    [property: Id(5)] long Requests,
    [property: Id(6)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(7)] IReadOnlyDictionary<string, double> FeatureScores,
    [property: Id(8)] long LabelledRows);
