namespace MLOps.Contracts.Monitoring;

/// <summary>How a deployment is monitored: drift windows, the prediction log and performance.</summary>
/// <param name="Enabled">Whether replicas profile the traffic and log predictions.</param>
/// <param name="WindowSeconds">Length of the tumbling drift windows (60 s to one day).</param>
/// <param name="SampleRate">Share of predictions kept in the prediction log (0 to 1); performance is computed from them.</param>
/// <param name="Task">NONE, CLASSIFICATION or REGRESSION: which performance metrics labels produce.</param>
/// <param name="PredictionOutput">The output tensor holding the prediction (scores or values); null takes the first.</param>
/// <param name="ClassLabels">Class names by output index for classification; null names them 0, 1, 2, ...</param>
/// <param name="DriftShareThreshold">Share of drifted input features at which the dataset counts as drifted.</param>
/// <param name="FeatureTests">Per-feature choices of drift test or threshold, overriding the defaults.</param>
/// <param name="RetentionDays">Days the prediction log keeps a prediction.</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.MonitoringSpec")]
public sealed record MonitoringSpec(
    [property: Id(0)] bool Enabled = true,
    [property: Id(1)] int WindowSeconds = 3600,
    [property: Id(2)] double SampleRate = 1.0,
    [property: Id(3)] string Task = MonitoringTasks.None,
    [property: Id(4)] string? PredictionOutput = null,
    [property: Id(5)] IReadOnlyList<string>? ClassLabels = null,
    [property: Id(6)] double DriftShareThreshold = 0.5,
    [property: Id(7)] IReadOnlyList<FeatureTestSpec>? FeatureTests = null,
    [property: Id(8)] int RetentionDays = 30);

/// <summary>A feature's drift test or threshold chosen by the user instead of the default.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Test">KS, CHI_SQUARED, Z_TEST, WASSERSTEIN, JENSEN_SHANNON, PSI or KL; null keeps the default test.</param>
/// <param name="Threshold">The test's threshold (a p-value or a distance); null keeps the test's default.</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.FeatureTestSpec")]
public sealed record FeatureTestSpec(
    [property: Id(0)] string Feature,
    [property: Id(1)] string? Test,
    [property: Id(2)] double? Threshold);
