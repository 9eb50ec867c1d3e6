using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>
/// A deployment's alert rule, judged on every closed window of every model version behind it:
/// <c>new AlertRule("drift", AlertMetrics.DriftShare, 0.3) { MinSamples = 500 }</c>.
/// </summary>
/// <param name="Name">Unique within the deployment; setting a rule of an existing name replaces it.</param>
/// <param name="Metric">One of <see cref="AlertMetrics"/>.</param>
/// <param name="Threshold">The value the metric is compared with.</param>
public sealed record AlertRule(string Name, string Metric, double Threshold)
{
    internal const string Fields = "id name metric feature comparator threshold minSamples createdAt createdBy";

    /// <summary>The feature, for <see cref="AlertMetrics.FeatureDrift"/>.</summary>
    public string? Feature { get; init; }

    /// <summary>One of <see cref="AlertComparators"/> (default ABOVE).</summary>
    public string Comparator { get; init; } = AlertComparators.Above;

    /// <summary>
    /// Fewest rows a window needs to be judged (labelled rows for performance metrics, requests for latency and
    /// errors); default 1. A window with fewer changes nothing.
    /// </summary>
    public long MinSamples { get; init; } = 1;

    /// <summary>The server's id of the saved rule; null on a rule not saved yet.</summary>
    public string? Id { get; init; }

    /// <summary>When the rule was saved; null on a rule not saved yet.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Who saved the rule; null on a rule not saved yet.</summary>
    public string? CreatedBy { get; init; }

    internal static AlertRule Read(JsonElement e) => new(e.String("name"), e.String("metric"), e.Double("threshold"))
    {
        Feature = e.OptionalString("feature"),
        Comparator = e.String("comparator"),
        MinSamples = e.Int64("minSamples"),
        Id = e.IdText("id"),
        CreatedAt = e.Time("createdAt"),
        CreatedBy = e.String("createdBy"),
    };

    /// <summary>The AlertRuleInput variable of setAlertRule.</summary>
    internal object ToInput() => new { name = Name, metric = Metric, feature = Feature, comparator = Comparator, threshold = Threshold, minSamples = MinSamples };
}
