using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>An alert an <see cref="AlertRule"/> raised for one model version behind a deployment.</summary>
/// <param name="Id">The alert's id.</param>
/// <param name="RuleId">The rule that raised it.</param>
/// <param name="RuleName">The rule's name.</param>
/// <param name="Metric">The rule's metric (<see cref="AlertMetrics"/>).</param>
/// <param name="Feature">The rule's feature, for FEATURE_DRIFT.</param>
/// <param name="ModelName">The model whose window raised it.</param>
/// <param name="Version">The model version whose window raised it.</param>
/// <param name="State">FIRING or RESOLVED (<see cref="AlertStates"/>).</param>
/// <param name="Value">The metric in the window that raised it.</param>
/// <param name="Threshold">The rule's threshold then.</param>
/// <param name="WindowStart">Start of the window that raised it.</param>
/// <param name="WindowEnd">End of the window that raised it.</param>
/// <param name="LastWindow">Start of the latest window in which the condition still held.</param>
/// <param name="Message">A sentence describing it.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="ResolvedAt">When a window cleared it, or null.</param>
/// <param name="ResolvedValue">The metric in the window that cleared it, or null.</param>
public sealed record Alert(
    string Id, string RuleId, string RuleName, string Metric, string? Feature, string ModelName, int Version, string State,
    double Value, double Threshold, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, DateTimeOffset LastWindow,
    string Message, DateTimeOffset RaisedAt, DateTimeOffset? ResolvedAt, double? ResolvedValue)
{
    internal const string Fields =
        "id ruleId ruleName metric feature modelName version state value threshold windowStart windowEnd lastWindow message raisedAt resolvedAt resolvedValue";

    internal static Alert Read(JsonElement e) => new(
        e.IdText("id"), e.IdText("ruleId"), e.String("ruleName"), e.String("metric"), e.OptionalString("feature"), e.String("modelName"), e.Int32("version"),
        e.String("state"), e.Double("value"), e.Double("threshold"), e.Time("windowStart"), e.Time("windowEnd"), e.Time("lastWindow"),
        e.String("message"), e.Time("raisedAt"), e.OptionalTime("resolvedAt"), e.OptionalDouble("resolvedValue"));
}
