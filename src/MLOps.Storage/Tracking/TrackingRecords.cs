using MLOps.Contracts.Tracking;

namespace MLOps.Storage.Tracking;

/// <summary>An experiment as stored.</summary>
public sealed record ExperimentRecord(
    Guid Id, string Name, string Lifecycle, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt, IReadOnlyList<KeyValue> Tags);

/// <summary>A run's own columns.</summary>
public sealed record RunRecord(
    Guid Id, Guid ExperimentId, string Name, string Status, DateTimeOffset StartTime, DateTimeOffset? EndTime,
    string Lifecycle, string CreatedBy);

/// <summary>A run with what it logged: params, tags, the latest value of each metric, dataset inputs.</summary>
public sealed record RunDetails(
    RunRecord Run, IReadOnlyList<KeyValue> Params, IReadOnlyList<KeyValue> Tags, IReadOnlyList<MetricPoint> LatestMetrics,
    IReadOnlyList<DatasetInput> Inputs);

/// <summary>What a run grain loads on activation: the run, its params (immutable) and the batch ids it applied.</summary>
public sealed record RunState(RunRecord Run, Dictionary<string, string> Params, HashSet<string> AppliedBatches);

/// <summary>A file under a run's artifact path.</summary>
public sealed record RunArtifactRecord(string Path, string Sha256, long SizeBytes, DateTimeOffset CreatedAt);

/// <summary>A point of a (possibly downsampled) metric series.</summary>
public sealed record MetricHistoryPoint(long Step, DateTimeOffset Timestamp, double Value);

/// <summary>A metric series as returned for charts: its points, and how many points the full series holds.</summary>
public sealed record MetricHistory(string Key, long TotalPoints, bool Downsampled, IReadOnlyList<MetricHistoryPoint> Points);
