using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>
/// How a deployment is monitored. A new instance holds the server's defaults: monitored, hourly windows, every
/// prediction logged, no task; set what should differ: <c>new MonitoringSettings { WindowSeconds = 60, Task = MonitoringTasks.Classification }</c>.
/// </summary>
public sealed record MonitoringSettings
{
    internal const string Fields =
        "enabled windowSeconds sampleRate task predictionOutput classLabels driftShareThreshold featureTests { " + FeatureTest.Fields + " } retentionDays";

    /// <summary>Whether traffic is profiled and predictions logged (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Tumbling window length in seconds, 60 to 86,400 (default 3600); windows start at multiples of it since 1970-01-01 UTC.</summary>
    public int WindowSeconds { get; init; } = 3600;

    /// <summary>Share of predictions kept in the prediction log, 0 to 1 (default 1); performance comes from these.</summary>
    public double SampleRate { get; init; } = 1.0;

    /// <summary>One of <see cref="MonitoringTasks"/> (default NONE): which performance metrics labels give.</summary>
    public string Task { get; init; } = MonitoringTasks.None;

    /// <summary>The output holding the prediction, or null for the model's first tabular output.</summary>
    public string? PredictionOutput { get; init; }

    /// <summary>Class names by output index (for a single probability column: the negative class, then the positive one), or null for 0, 1, 2, ...</summary>
    public IReadOnlyList<string>? ClassLabels { get; init; }

    /// <summary>Share of drifted input features that means dataset drift (default 0.5).</summary>
    public double DriftShareThreshold { get; init; } = 0.5;

    /// <summary>Per-feature drift tests or thresholds instead of the defaults (default none).</summary>
    public IReadOnlyList<FeatureTest> FeatureTests { get; init; } = [];

    /// <summary>Days the prediction log keeps a prediction (default 30).</summary>
    public int RetentionDays { get; init; } = 30;

    internal static MonitoringSettings Read(JsonElement e) => new()
    {
        Enabled = e.Boolean("enabled"),
        WindowSeconds = e.Int32("windowSeconds"),
        SampleRate = e.Double("sampleRate"),
        Task = e.String("task"),
        PredictionOutput = e.OptionalString("predictionOutput"),
        ClassLabels = e.Optional("classLabels") is null ? null : e.List("classLabels", l => l.GetString()!),
        DriftShareThreshold = e.Double("driftShareThreshold"),
        FeatureTests = e.List("featureTests", FeatureTest.Read),
        RetentionDays = e.Int32("retentionDays"),
    };

    /// <summary>The MonitoringInput variable of createDeployment and updateDeployment.</summary>
    internal object ToInput() => new
    {
        enabled = Enabled,
        windowSeconds = WindowSeconds,
        sampleRate = SampleRate,
        task = Task,
        predictionOutput = PredictionOutput,
        classLabels = ClassLabels,
        driftShareThreshold = DriftShareThreshold,
        featureTests = FeatureTests.Select(t => new { feature = t.Feature, test = t.Test, threshold = t.Threshold }).ToArray(),
        retentionDays = RetentionDays,
    };
}
