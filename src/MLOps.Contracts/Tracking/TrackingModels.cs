namespace MLOps.Contracts.Tracking;

/// <summary>Run statuses, as MLflow names them.</summary>
public static class RunStatuses
{
    /// <summary>The RUNNING status.</summary>
    public const string Running = "RUNNING";
    /// <summary>The SCHEDULED status.</summary>
    public const string Scheduled = "SCHEDULED";
    /// <summary>The FINISHED status.</summary>
    public const string Finished = "FINISHED";
    /// <summary>The FAILED status.</summary>
    public const string Failed = "FAILED";
    /// <summary>The KILLED status.</summary>
    public const string Killed = "KILLED";

    /// <summary>Every status.</summary>
    public static readonly IReadOnlyList<string> All = [Running, Scheduled, Finished, Failed, Killed];

    /// <summary>Whether a run in this status has ended (it gets an end time).</summary>
    public static bool IsTerminal(string status) => status is Finished or Failed or Killed;
}

/// <summary>One metric point: a value of a key at a step and a time.</summary>
[GenerateSerializer, Immutable, Alias("mlops.tracking.MetricPoint")]
public sealed record MetricPoint(
    [property: Id(0)] string Key,
    [property: Id(1)] double Value,
    [property: Id(2)] long Step,
    [property: Id(3)] DateTimeOffset Timestamp);

/// <summary>A key and a string value: a param or a tag.</summary>
[GenerateSerializer, Immutable, Alias("mlops.tracking.KeyValue")]
public sealed record KeyValue([property: Id(0)] string Key, [property: Id(1)] string Value);

/// <summary>
/// What one logBatch call writes to a run, all or nothing. <paramref name="BatchId"/> makes it idempotent: a
/// batch id the run has already applied is acknowledged without writing anything again.
/// </summary>
[GenerateSerializer, Immutable, Alias("mlops.tracking.RunBatch")]
public sealed record RunBatch(
    [property: Id(0)] string? BatchId,
    [property: Id(1)] IReadOnlyList<MetricPoint> Metrics,
    [property: Id(2)] IReadOnlyList<KeyValue> Params,
    [property: Id(3)] IReadOnlyList<KeyValue> Tags);

/// <summary>A dataset a run used: name, digest, where it came from, its schema, and in which role.</summary>
[GenerateSerializer, Immutable, Alias("mlops.tracking.DatasetInput")]
public sealed record DatasetInput(
    [property: Id(0)] string Name,
    [property: Id(1)] string Digest,
    [property: Id(2)] string Source,
    [property: Id(3)] string? Schema,
    [property: Id(4)] string Context);

/// <summary>How to start a run.</summary>
[GenerateSerializer, Immutable, Alias("mlops.tracking.StartRun")]
public sealed record StartRun(
    [property: Id(0)] Guid ExperimentId,
    [property: Id(1)] string? Name,
    [property: Id(2)] IReadOnlyList<KeyValue>? Tags,
    [property: Id(3)] DateTimeOffset? StartTime,
    [property: Id(4)] string Status = RunStatuses.Running);

/// <summary>What a logBatch call did: applied now, or acknowledged as already applied (a retry).</summary>
[GenerateSerializer, Immutable, Alias("mlops.tracking.BatchOutcome")]
public sealed record BatchOutcome([property: Id(0)] bool Applied, [property: Id(1)] int Metrics, [property: Id(2)] int Params, [property: Id(3)] int Tags);
