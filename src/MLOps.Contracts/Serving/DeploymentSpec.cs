using MLOps.Contracts.Monitoring;

namespace MLOps.Contracts.Serving;

/// <summary>What a deployment serves and how.</summary>
/// <param name="Routes">Where requests go: at least one PRIMARY route; SHADOW routes get copies.</param>
/// <param name="Batching">Dynamic batching settings.</param>
/// <param name="Session">ONNX Runtime session settings.</param>
/// <param name="Monitoring">Drift, prediction-log and performance monitoring; null takes the defaults (enabled, hourly windows).</param>
[GenerateSerializer, Immutable, Alias("mlops.serving.DeploymentSpec")]
public sealed record DeploymentSpec(
    [property: Id(0)] IReadOnlyList<RouteSpec> Routes,
    [property: Id(1)] BatchingSpec Batching,
    [property: Id(2)] SessionSpec Session,
    [property: Id(3)] MonitoringSpec? Monitoring = null);

/// <summary>One route: a model version or alias, a weight among primary routes, and a mode.</summary>
/// <param name="ModelName">The registered model.</param>
/// <param name="Version">A version number, or null when <paramref name="Alias"/> is given.</param>
/// <param name="Alias">An alias (champion, latest, ...) the route follows, or null.</param>
/// <param name="Weight">Share of primary traffic (relative to the other primary routes).</param>
/// <param name="Mode">PRIMARY or SHADOW.</param>
[GenerateSerializer, Immutable, Alias("mlops.serving.RouteSpec")]
public sealed record RouteSpec(
    [property: Id(0)] string ModelName,
    [property: Id(1)] int? Version,
    [property: Id(2)] string? Alias,
    [property: Id(3)] double Weight,
    [property: Id(4)] string Mode);

/// <summary>Dynamic batching: joins concurrent requests into one run, waiting at most the queue delay.</summary>
/// <param name="Enabled">Whether requests are batched.</param>
/// <param name="MaxBatchSize">Most rows in one run.</param>
/// <param name="MaxQueueDelayMicroseconds">
/// Longest the oldest queued request waits for company while an instance is free; 0 (Triton's default) runs
/// what is queued at once, so batches form from requests that arrive while the instances are busy.
/// </param>
/// <param name="Instances">Executions of the model that may run at once (Triton's instance count).</param>
[GenerateSerializer, Immutable, Alias("mlops.serving.BatchingSpec")]
public sealed record BatchingSpec(
    [property: Id(0)] bool Enabled = true,
    [property: Id(1)] int MaxBatchSize = 32,
    [property: Id(2)] int MaxQueueDelayMicroseconds = 0,
    [property: Id(3)] int Instances = 1);

/// <summary>ONNX Runtime session options.</summary>
/// <param name="IntraOpThreads">Threads inside one operator.</param>
/// <param name="GraphOptimizationLevel">disabled, basic, extended or all.</param>
[GenerateSerializer, Immutable, Alias("mlops.serving.SessionSpec")]
public sealed record SessionSpec(
    [property: Id(0)] int IntraOpThreads = 1,
    [property: Id(1)] string GraphOptimizationLevel = "all");
