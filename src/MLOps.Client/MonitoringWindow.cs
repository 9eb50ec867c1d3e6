using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>
/// One tumbling window of one model version behind a deployment: traffic, drift against the version's reference
/// profile, data quality and performance. The figures are final once <paramref name="Closed"/>; an open window
/// read through <see cref="MlopsClient.GetWindowsAsync"/> shows its last checkpoint.
/// </summary>
/// <param name="Start">Start of the window.</param>
/// <param name="End">End of the window.</param>
/// <param name="ModelName">The model that served it.</param>
/// <param name="Version">The model version that served it.</param>
/// <param name="Closed">Whether the window is closed and evaluated.</param>
/// <param name="Count">Rows profiled.</param>
/// <param name="Requests">Requests answered or refused.</param>
/// <param name="ErrorRate">Share of requests the model refused.</param>
/// <param name="LatencyP50">Median latency in milliseconds.</param>
/// <param name="LatencyP95">95th percentile latency in milliseconds.</param>
/// <param name="LatencyP99">99th percentile latency in milliseconds.</param>
/// <param name="HasReference">Whether the version has a reference profile; without one there is no drift.</param>
/// <param name="DriftShare">Share of evaluated input features that drifted.</param>
/// <param name="DatasetDrift">Whether the drift share reached the deployment's drift share threshold.</param>
/// <param name="PredictionDrift">Whether a prediction feature drifted.</param>
/// <param name="Features">Drift per feature: inputs, then predictions.</param>
/// <param name="Quality">Data quality per feature.</param>
/// <param name="Performance">From the labelled predictions; null for task NONE or when not asked for.</param>
public sealed record MonitoringWindow(
    DateTimeOffset Start, DateTimeOffset End, string ModelName, int Version, bool Closed, long Count, long Requests,
    double? ErrorRate, double? LatencyP50, double? LatencyP95, double? LatencyP99, bool? HasReference,
    double? DriftShare, bool DatasetDrift, bool PredictionDrift,
    IReadOnlyList<FeatureDrift> Features, IReadOnlyList<FeatureQuality> Quality, WindowPerformance? Performance)
{
    internal const string Fields =
        "start end modelName version closed count requests errorRate latencyP50 latencyP95 latencyP99 hasReference "
        + "driftShare datasetDrift predictionDrift features { " + FeatureDrift.Fields + " } quality { " + FeatureQuality.Fields + " } "
        + "performance @include(if: $withPerformance) { " + WindowPerformance.Fields + " }";

    /// <summary>The drift of the feature with this name.</summary>
    /// <exception cref="KeyNotFoundException">The window has no drift for a feature of that name.</exception>
    public FeatureDrift GetFeature(string name) => Features.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"The window has no drift for feature '{name}'; it has {string.Join(", ", Features.Select(f => f.Name))}.");

    internal static MonitoringWindow Read(JsonElement e) => new(
        e.Time("start"), e.Time("end"), e.String("modelName"), e.Int32("version"), e.Boolean("closed"), e.Int64("count"), e.Int64("requests"),
        e.OptionalDouble("errorRate"), e.OptionalDouble("latencyP50"), e.OptionalDouble("latencyP95"), e.OptionalDouble("latencyP99"),
        e.Optional("hasReference")?.GetBoolean(), e.OptionalDouble("driftShare"), e.Boolean("datasetDrift"), e.Boolean("predictionDrift"),
        e.List("features", FeatureDrift.Read), e.List("quality", FeatureQuality.Read),
        e.Optional("performance") is { } performance ? WindowPerformance.Read(performance) : null);
}
