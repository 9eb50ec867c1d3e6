using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Registry;
using MLOps.Storage.Registry;

namespace MLOps.Grains.Registry;

/// <summary>Aliases, stage transitions with approval, and tags.</summary>
public sealed partial class RegisteredModelGrain
{
    public async Task SetAliasAsync(Caller caller, string alias, int version)
    {
        caller.Require(Roles.Contributor, "setting an alias");
        var model = RequireModel();
        RegistryRules.ValidateAlias(alias);
        var target = RequireVersion(version);
        if (target.Status != VersionStatus.Ready)
        {
            throw MLOpsException.Invalid($"Version {version} is {target.Status}; an alias can only point at a READY version.");
        }

        _aliases.TryGetValue(alias, out var before);
        var after = new AliasRecord(model.Id, alias, version, time.GetUtcNow(), caller.Name);
        await CommitAsync(async tx =>
        {
            await RegistryWriter.UpsertAliasAsync(tx, after, default);
            await AuditAsync(tx, caller, "model_alias.set", model.Id, version, before is null ? null : AliasView(before), AliasView(after));
            await PublishAsync(tx, caller, "model_alias.set", version, new { alias, version, previousVersion = before?.Version });
        });
        _aliases[alias] = after;
    }

    public async Task DeleteAliasAsync(Caller caller, string alias)
    {
        caller.Require(Roles.Contributor, "deleting an alias");
        var model = RequireModel();
        if (!_aliases.TryGetValue(alias, out var before))
        {
            throw MLOpsException.NotFound($"Model '{Name}' has no alias '{alias}'.");
        }

        await CommitAsync(async tx =>
        {
            await RegistryWriter.DeleteAliasAsync(tx, model.Id, alias, default);
            await AuditAsync(tx, caller, "model_alias.deleted", model.Id, before.Version, AliasView(before), null);
            await PublishAsync(tx, caller, "model_alias.deleted", before.Version, new { alias, version = before.Version });
        });
        _aliases.Remove(alias);
    }

    public async Task<Guid> RequestStageTransitionAsync(Caller caller, int version, string toStage, bool archiveExisting, string? comment)
    {
        caller.Require(Roles.Contributor, "requesting a stage transition");
        var model = RequireModel();
        var target = Stages.Normalize(toStage)
            ?? throw MLOpsException.Invalid($"'{toStage}' is not a stage; use one of {string.Join(", ", Stages.All)}.");
        var current = RequireVersion(version);
        RegistryRules.CheckTransition(version, current.Status, current.Stage, target);
        if (_transitions.Values.Any(t => t.Version == version && t.Status == "PENDING"))
        {
            throw MLOpsException.Conflict($"Version {version} already has a pending stage transition request; approve or reject it first.");
        }

        var now = time.GetUtcNow();
        var request = new StageTransitionRecord(
            Guid.NewGuid(), model.Id, version, current.Stage, target, archiveExisting, "PENDING", caller.Name, now, comment ?? string.Empty,
            null, null, null);
        if (target != Stages.Production)
        {
            // Only Production needs a second person; other moves are applied at once and recorded as such.
            var applied = request with { Status = "APPROVED", DecidedBy = caller.Name, DecidedAt = now, DecisionComment = $"{target} needs no approval." };
            await ApplyTransitionAsync(caller, applied, "stage_transition.requested");
            return applied.Id;
        }

        await CommitAsync(async tx =>
        {
            await RegistryWriter.UpsertTransitionAsync(tx, request, default);
            await AuditAsync(tx, caller, "stage_transition.requested", model.Id, version, null, TransitionView(request));
            await PublishAsync(tx, caller, "stage_transition.requested", version, TransitionView(request));
        });
        _transitions[request.Id] = request;
        return request.Id;
    }

    public async Task ApproveStageTransitionAsync(Caller caller, Guid requestId, string? comment)
    {
        var request = RequireDecidable(caller, requestId, "approving");
        var current = RequireVersion(request.Version);
        if (current.Stage != request.FromStage)
        {
            throw MLOpsException.Conflict(
                $"Version {request.Version} moved from {request.FromStage} to {current.Stage} since the request; reject it and request again.");
        }

        RegistryRules.CheckTransition(request.Version, current.Status, current.Stage, request.ToStage);
        var approved = request with { Status = "APPROVED", DecidedBy = caller.Name, DecidedAt = time.GetUtcNow(), DecisionComment = comment ?? string.Empty };
        await ApplyTransitionAsync(caller, approved, "stage_transition.approved");
    }

    public async Task RejectStageTransitionAsync(Caller caller, Guid requestId, string? comment)
    {
        var request = RequireDecidable(caller, requestId, "rejecting");
        var rejected = request with { Status = "REJECTED", DecidedBy = caller.Name, DecidedAt = time.GetUtcNow(), DecisionComment = comment ?? string.Empty };
        await CommitAsync(async tx =>
        {
            await RegistryWriter.UpsertTransitionAsync(tx, rejected, default);
            await AuditAsync(tx, caller, "stage_transition.rejected", rejected.ModelId, rejected.Version, TransitionView(request), TransitionView(rejected));
            await PublishAsync(tx, caller, "stage_transition.rejected", rejected.Version, TransitionView(rejected));
        });
        _transitions[rejected.Id] = rejected;
    }

    public async Task SetTagAsync(Caller caller, int? version, string key, string value)
    {
        caller.Require(Roles.Contributor, "setting a tag");
        RegistryRules.ValidateTag(key, value);
        await ChangeTagsAsync(caller, version, key, tags => tags[key] = value, "tag.set");
    }

    public async Task DeleteTagAsync(Caller caller, int? version, string key)
    {
        caller.Require(Roles.Contributor, "deleting a tag");
        await ChangeTagsAsync(caller, version, key, tags =>
        {
            if (!tags.Remove(key))
            {
                throw MLOpsException.NotFound(version is null ? $"Model '{Name}' has no tag '{key}'." : $"Version {version} has no tag '{key}'.");
            }
        }, "tag.deleted");
    }

    private async Task ChangeTagsAsync(Caller caller, int? version, string key, Action<Dictionary<string, string>> change, string action)
    {
        var model = RequireModel();
        var now = time.GetUtcNow();
        if (version is null)
        {
            var tags = new Dictionary<string, string>(model.Tags);
            change(tags);
            var updated = model with { Tags = tags, UpdatedAt = now };
            await CommitAsync(async tx =>
            {
                await RegistryWriter.UpdateModelAsync(tx, updated, default);
                await AuditAsync(tx, caller, action, model.Id, null, new { tags = model.Tags }, new { tags });
                await PublishAsync(tx, caller, action, null, new { key, tags });
            });
            _model = updated;
            return;
        }

        var current = RequireVersion(version.Value);
        var versionTags = new Dictionary<string, string>(current.Tags);
        change(versionTags);
        var changed = current with { Tags = versionTags, UpdatedAt = now };
        await CommitAsync(async tx =>
        {
            await RegistryWriter.UpdateVersionAsync(tx, changed, default);
            await AuditAsync(tx, caller, action, model.Id, version, new { tags = current.Tags }, new { tags = versionTags });
            await PublishAsync(tx, caller, action, version, new { key, tags = versionTags });
        });
        _versions[changed.Version] = changed;
    }

    private StageTransitionRecord RequireDecidable(Caller caller, Guid requestId, string verb)
    {
        caller.Require(Roles.Approver, verb + " a stage transition");
        RequireModel();
        if (!_transitions.TryGetValue(requestId, out var request))
        {
            throw MLOpsException.NotFound($"Model '{Name}' has no stage transition request {requestId}.");
        }

        if (request.Status != "PENDING")
        {
            throw MLOpsException.Conflict($"Request {requestId} is already {request.Status}.");
        }

        if (string.Equals(request.RequestedBy, caller.Name, StringComparison.Ordinal))
        {
            throw MLOpsException.Forbidden($"You requested this transition; another approver must decide on it.");
        }

        return request;
    }

    /// <summary>Moves the version and, for Production with archiving, archives the previous Production versions.</summary>
    private async Task ApplyTransitionAsync(Caller caller, StageTransitionRecord decided, string action)
    {
        var now = time.GetUtcNow();
        var current = _versions[decided.Version];
        var moved = current with { Stage = decided.ToStage, UpdatedAt = now };
        var archived = decided.ToStage == Stages.Production && decided.ArchiveExisting
            ? _versions.Values.Where(v => v.Stage == Stages.Production && v.Version != decided.Version)
                .Select(v => v with { Stage = Stages.Archived, UpdatedAt = now }).ToList()
            : [];
        await CommitAsync(async tx =>
        {
            await RegistryWriter.UpsertTransitionAsync(tx, decided, default);
            await RegistryWriter.UpdateVersionAsync(tx, moved, default);
            await AuditAsync(tx, caller, action, decided.ModelId, decided.Version, TransitionView(decided with { Status = "PENDING" }), TransitionView(decided));
            await PublishAsync(tx, caller, action, decided.Version, TransitionView(decided));
            await AuditAsync(tx, caller, "model_version.stage_changed", decided.ModelId, decided.Version, new { stage = current.Stage }, new { stage = moved.Stage });
            await PublishAsync(tx, caller, "model_version.stage_changed", decided.Version, new { from = current.Stage, to = moved.Stage, requestId = decided.Id });
            foreach (var old in archived)
            {
                await RegistryWriter.UpdateVersionAsync(tx, old, default);
                await AuditAsync(tx, caller, "model_version.stage_changed", old.ModelId, old.Version, new { stage = Stages.Production }, new { stage = Stages.Archived });
                await PublishAsync(tx, caller, "model_version.stage_changed", old.Version, new { from = Stages.Production, to = Stages.Archived, requestId = decided.Id });
            }
        });
        _transitions[decided.Id] = decided;
        _versions[moved.Version] = moved;
        foreach (var old in archived)
        {
            _versions[old.Version] = old;
        }
    }
}
