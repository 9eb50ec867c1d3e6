using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>One feature's drift in a monitoring window.</summary>
/// <param name="Name">The feature.</param>
/// <param name="Role">INPUT or PREDICTION.</param>
/// <param name="Test">The test applied (<see cref="DriftTestNames"/>), such as KS or WASSERSTEIN.</param>
/// <param name="Statistic">The test statistic or distance, or null when not evaluated.</param>
/// <param name="PValue">The p-value, for hypothesis tests.</param>
/// <param name="Threshold">The p-value below which, or the distance above which, the feature drifted.</param>
/// <param name="Drifted">Whether it drifted.</param>
/// <param name="Count">Values in the window.</param>
/// <param name="Evaluated">False when the window had no values for the feature.</param>
public sealed record FeatureDrift(
    string Name, string Role, string Test, double? Statistic, double? PValue, double Threshold, bool Drifted, long Count, bool Evaluated)
{
    internal const string Fields = "name role test statistic pValue threshold drifted count evaluated";

    /// <summary>The score FEATURE_DRIFT rules watch: the p-value for hypothesis tests, else the distance.</summary>
    public double? Score => PValue ?? Statistic;

    internal static FeatureDrift Read(JsonElement e) => new(
        e.String("name"), e.String("role"), e.String("test"), e.OptionalDouble("statistic"), e.OptionalDouble("pValue"), e.Double("threshold"),
        e.Boolean("drifted"), e.Int64("count"), e.Boolean("evaluated"));
}
