using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Tracking;
using MLOps.Storage.Tracking;

namespace MLOps.Grains.Tracking;

/// <summary>Single writer of one run; see <see cref="IRunGrain"/>.</summary>
public sealed class RunGrain(TrackingStore store, RunBatchWriter writer, TimeProvider time) : Grain, IRunGrain
{
    private RunState? _state;

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _state = await store.LoadRunStateAsync(Id, cancellationToken);

    public async Task StartAsync(Caller caller, StartRun start)
    {
        ArgumentNullException.ThrowIfNull(start);
        caller.Require(Roles.Contributor, "starting a run");
        if (_state is not null)
        {
            throw MLOpsException.Conflict($"Run {Id:N} already exists.");
        }

        if (!RunStatuses.All.Contains(start.Status))
        {
            throw MLOpsException.Invalid($"Status '{start.Status}' is not one of {string.Join(", ", RunStatuses.All)}.");
        }

        var name = start.Name ?? $"run-{Id.ToString("N")[..8]}";
        if (string.IsNullOrWhiteSpace(name) || name.Length > TrackingLimits.RunNameLength || name.Any(char.IsControl))
        {
            throw MLOpsException.Invalid($"A run name is 1 to {TrackingLimits.RunNameLength} printable characters, not blank.");
        }

        var tags = start.Tags ?? [];
        if (tags.Count > TrackingLimits.TagsPerBatch)
        {
            throw new MLOpsException(ErrorCodes.LimitExceeded, $"A run starts with at most {TrackingLimits.TagsPerBatch} tags.");
        }

        foreach (var tag in tags)
        {
            TrackingLimits.CheckTag(tag);
        }

        if (!await GrainFactory.GetGrain<IExperimentGrain>(start.ExperimentId).IsActiveAsync())
        {
            throw MLOpsException.NotFound($"No active experiment has the id {start.ExperimentId}; create it (or restore it) first.");
        }

        var run = new RunRecord(
            Id, start.ExperimentId, name, start.Status, (start.StartTime ?? time.GetUtcNow()).ToUniversalTime(),
            RunStatuses.IsTerminal(start.Status) ? time.GetUtcNow() : null, "ACTIVE", caller.Name);
        await store.InsertRunAsync(run, tags, default);
        _state = new RunState(run, new Dictionary<string, string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
    }

    public async Task<BatchOutcome> LogBatchAsync(Caller caller, RunBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        caller.Require(Roles.Contributor, "logging to a run");
        var state = Active();
        TrackingLimits.Check(batch);
        if (batch.BatchId is { } id && state.AppliedBatches.Contains(id))
        {
            return new BatchOutcome(false, 0, 0, 0);
        }

        var newParams = new List<KeyValue>();
        foreach (var param in batch.Params)
        {
            if (state.Params.TryGetValue(param.Key, out var existing))
            {
                if (existing != param.Value)
                {
                    throw MLOpsException.Conflict(
                        $"Param '{param.Key}' is already '{Shorten(existing)}' on this run; params are immutable, so '{Shorten(param.Value)}' was refused (nothing in the batch was written).");
                }
            }
            else if (!newParams.Any(p => p.Key == param.Key))
            {
                newParams.Add(param);
            }
        }

        var applied = await writer.WriteAsync(Id, batch, newParams, time.GetUtcNow());
        if (batch.BatchId is { } applyId)
        {
            state.AppliedBatches.Add(applyId);
        }

        if (!applied)
        {
            return new BatchOutcome(false, 0, 0, 0);
        }

        foreach (var param in newParams)
        {
            state.Params[param.Key] = param.Value;
        }

        return new BatchOutcome(true, batch.Metrics.Count, newParams.Count, batch.Tags.Count);
    }

    public async Task LogInputsAsync(Caller caller, IReadOnlyList<DatasetInput> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        caller.Require(Roles.Contributor, "logging dataset inputs");
        Active();
        if (datasets.Count > TrackingLimits.DatasetsPerCall)
        {
            throw new MLOpsException(ErrorCodes.LimitExceeded, $"At most {TrackingLimits.DatasetsPerCall} dataset inputs per call.");
        }

        foreach (var dataset in datasets)
        {
            if (string.IsNullOrWhiteSpace(dataset.Name) || dataset.Name.Length > TrackingLimits.DatasetNameLength)
            {
                throw MLOpsException.Invalid($"A dataset name is 1 to {TrackingLimits.DatasetNameLength} characters.");
            }

            if (string.IsNullOrWhiteSpace(dataset.Digest) || dataset.Digest.Length > TrackingLimits.DatasetDigestLength)
            {
                throw MLOpsException.Invalid($"Dataset '{dataset.Name}' needs a digest of 1 to {TrackingLimits.DatasetDigestLength} characters.");
            }

            if (dataset.Context is not ("training" or "validation" or "test"))
            {
                throw MLOpsException.Invalid($"Dataset '{dataset.Name}' has context '{dataset.Context}'; use training, validation or test.");
            }
        }

        await store.InsertInputsAsync(Id, datasets, default);
    }

    public async Task AddArtifactAsync(Caller caller, string path, string sha256, long sizeBytes)
    {
        caller.Require(Roles.Contributor, "adding a run artifact");
        Active();
        RunArtifactPaths.Check(path);
        await store.UpsertArtifactAsync(Id, new RunArtifactRecord(path, sha256, sizeBytes, time.GetUtcNow()), default);
    }

    public async Task SetStatusAsync(Caller caller, string status, DateTimeOffset? endTime)
    {
        caller.Require(Roles.Contributor, "changing a run's status");
        var state = Active();
        if (!RunStatuses.All.Contains(status))
        {
            throw MLOpsException.Invalid($"Status '{status}' is not one of {string.Join(", ", RunStatuses.All)}.");
        }

        var end = RunStatuses.IsTerminal(status) ? (endTime ?? time.GetUtcNow()).ToUniversalTime() : (DateTimeOffset?)null;
        if (end is { } e && e < state.Run.StartTime)
        {
            throw MLOpsException.Invalid($"The end time {e:O} is before the run's start {state.Run.StartTime:O}.");
        }

        await store.SetRunStatusAsync(Id, status, end, default);
        _state = state with { Run = state.Run with { Status = status, EndTime = end } };
    }

    public async Task DeleteAsync(Caller caller)
    {
        caller.Require(Roles.Contributor, "deleting a run");
        var state = Active();
        await store.SetRunLifecycleAsync(Id, deleted: true, default);
        _state = state with { Run = state.Run with { Lifecycle = "DELETED" } };
    }

    public Task<bool> ExistsAsync() => Task.FromResult(_state is { Run.Lifecycle: "ACTIVE" });

    private RunState Active() => _state is { Run.Lifecycle: "ACTIVE" } state
        ? state
        : throw MLOpsException.NotFound($"No run has the id {Id:N}{(_state is null ? "" : " (it was deleted)")}.");

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
