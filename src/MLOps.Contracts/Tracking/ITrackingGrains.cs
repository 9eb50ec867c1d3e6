using MLOps.Contracts.Identity;

namespace MLOps.Contracts.Tracking;

/// <summary>The single writer of one experiment (keyed by its id).</summary>
[Alias("mlops.tracking.IExperimentGrain")]
public interface IExperimentGrain : IGrainWithGuidKey
{
    /// <summary>Creates the experiment; CONFLICT when the name is taken (also by a deleted experiment).</summary>
    [Alias("Create")]
    Task CreateAsync(Caller caller, string name, IReadOnlyList<KeyValue>? tags);

    /// <summary>Sets (or replaces) a tag.</summary>
    [Alias("SetTag")]
    Task SetTagAsync(Caller caller, KeyValue tag);

    /// <summary>Soft-deletes the experiment and hides its runs from searches by default.</summary>
    [Alias("Delete")]
    Task DeleteAsync(Caller caller);

    /// <summary>Restores a soft-deleted experiment.</summary>
    [Alias("Restore")]
    Task RestoreAsync(Caller caller);

    /// <summary>Whether the experiment exists and is active (runs may start in it).</summary>
    [Alias("IsActive")]
    Task<bool> IsActiveAsync();
}

/// <summary>
/// The single writer of one run (keyed by its id): starts it, applies logBatch calls all or nothing and at
/// most once per batch id, keeps params immutable, records dataset inputs and artifacts, and ends it.
/// </summary>
[Alias("mlops.tracking.IRunGrain")]
public interface IRunGrain : IGrainWithGuidKey
{
    /// <summary>Creates the run in an active experiment, RUNNING unless told otherwise.</summary>
    [Alias("Start")]
    Task StartAsync(Caller caller, StartRun start);

    /// <summary>Applies a batch of metrics, params and tags atomically; returns once it is durable.</summary>
    [Alias("LogBatch")]
    Task<BatchOutcome> LogBatchAsync(Caller caller, RunBatch batch);

    /// <summary>Records the datasets the run used (name, digest, source, schema, context).</summary>
    [Alias("LogInputs")]
    Task LogInputsAsync(Caller caller, IReadOnlyList<DatasetInput> datasets);

    /// <summary>Records a file under the run's artifact path, already stored content-addressed.</summary>
    [Alias("AddArtifact")]
    Task AddArtifactAsync(Caller caller, string path, string sha256, long sizeBytes);

    /// <summary>Sets the status; a terminal status (FINISHED, FAILED, KILLED) also sets the end time.</summary>
    [Alias("SetStatus")]
    Task SetStatusAsync(Caller caller, string status, DateTimeOffset? endTime);

    /// <summary>Soft-deletes the run: searches leave it out by default and nothing more is logged to it.</summary>
    [Alias("Delete")]
    Task DeleteAsync(Caller caller);

    /// <summary>Whether the run exists and is not deleted.</summary>
    [Alias("Exists")]
    Task<bool> ExistsAsync();
}
