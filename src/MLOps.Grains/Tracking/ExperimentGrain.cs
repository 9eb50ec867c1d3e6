using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Tracking;
using MLOps.Storage.Tracking;

namespace MLOps.Grains.Tracking;

/// <summary>Single writer of one experiment; see <see cref="IExperimentGrain"/>.</summary>
public sealed class ExperimentGrain(TrackingStore store, TimeProvider time) : Grain, IExperimentGrain
{
    private ExperimentRecord? _experiment;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _experiment = await store.GetExperimentAsync(this.GetPrimaryKey(), cancellationToken);

    public async Task CreateAsync(Caller caller, string name, IReadOnlyList<KeyValue>? tags)
    {
        caller.Require(Roles.Contributor, "creating an experiment");
        if (_experiment is not null)
        {
            throw MLOpsException.Conflict($"Experiment {this.GetPrimaryKey()} already exists.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > TrackingLimits.ExperimentNameLength || name.Any(char.IsControl))
        {
            throw MLOpsException.Invalid($"An experiment name is 1 to {TrackingLimits.ExperimentNameLength} printable characters, not blank.");
        }

        foreach (var tag in tags ?? [])
        {
            TrackingLimits.CheckTag(tag);
        }

        var now = time.GetUtcNow();
        var created = new ExperimentRecord(this.GetPrimaryKey(), name, "ACTIVE", caller.Name, now, now, null, tags ?? []);
        await store.InsertExperimentAsync(created, default);
        _experiment = created;
    }

    public async Task SetTagAsync(Caller caller, KeyValue tag)
    {
        caller.Require(Roles.Contributor, "tagging an experiment");
        var experiment = Existing();
        TrackingLimits.CheckTag(tag);

        await store.SetExperimentTagAsync(experiment.Id, tag, time.GetUtcNow(), default);
        _experiment = experiment with { Tags = [.. experiment.Tags.Where(t => t.Key != tag.Key), tag] };
    }

    public async Task DeleteAsync(Caller caller)
    {
        caller.Require(Roles.Contributor, "deleting an experiment");
        var experiment = Existing();
        var now = time.GetUtcNow();
        await store.SetExperimentLifecycleAsync(experiment.Id, deleted: true, now, default);
        _experiment = experiment with { Lifecycle = "DELETED", DeletedAt = now };
    }

    public async Task RestoreAsync(Caller caller)
    {
        caller.Require(Roles.Contributor, "restoring an experiment");
        var experiment = Existing();
        await store.SetExperimentLifecycleAsync(experiment.Id, deleted: false, time.GetUtcNow(), default);
        _experiment = experiment with { Lifecycle = "ACTIVE", DeletedAt = null };
    }

    public Task<bool> IsActiveAsync() => Task.FromResult(_experiment is { Lifecycle: "ACTIVE" });

    private ExperimentRecord Existing() =>
        _experiment ?? throw MLOpsException.NotFound($"No experiment has the id {this.GetPrimaryKey()}.");
}
