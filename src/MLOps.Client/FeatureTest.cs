using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A feature's drift test or threshold chosen instead of the default (part of <see cref="MonitoringSettings"/>).</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Test">One of <see cref="DriftTestNames"/>, or null for the default test.</param>
/// <param name="Threshold">The p-value (hypothesis tests) or distance that means drift, or null for the test's own.</param>
public sealed record FeatureTest(string Feature, string? Test = null, double? Threshold = null)
{
    internal const string Fields = "feature test threshold";

    internal static FeatureTest Read(JsonElement e) => new(e.String("feature"), e.OptionalString("test"), e.OptionalDouble("threshold"));
}
