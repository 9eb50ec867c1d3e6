using MLOps.Contracts.Identity;

namespace MLOps.Contracts.Registry;

/// <summary>
/// The single writer of one registered model (keyed by its name): versions, aliases, stages, tags. Each call
/// checks the caller's role and the registry's rules, then writes the change, its audit entry and its registry
/// event in one PostgreSQL transaction. Refusals are <see cref="MLOpsException"/>s with a code and a reason.
/// </summary>
[Alias("mlops.registry.IRegisteredModelGrain")]
public interface IRegisteredModelGrain : IGrainWithStringKey
{
    /// <summary>Creates the model; CONFLICT when a live model has this name.</summary>
    [Alias("Create")]
    Task CreateAsync(Caller caller, string? description, IReadOnlyDictionary<string, string>? tags);

    /// <summary>Replaces the model's description.</summary>
    [Alias("Update")]
    Task UpdateAsync(Caller caller, string description);

    /// <summary>Soft-deletes the model; its name becomes free again.</summary>
    [Alias("Delete")]
    Task DeleteAsync(Caller caller);

    /// <summary>Registers a new version from an uploaded artifact; returns its number once ONNX Runtime has judged it.</summary>
    [Alias("RegisterVersion")]
    Task<int> RegisterVersionAsync(Caller caller, RegisterVersionRequest request);

    /// <summary>Points an alias at a READY version (creating or moving it).</summary>
    [Alias("SetAlias")]
    Task SetAliasAsync(Caller caller, string alias, int version);

    /// <summary>Removes an alias.</summary>
    [Alias("DeleteAlias")]
    Task DeleteAliasAsync(Caller caller, string alias);

    /// <summary>
    /// Asks to move a version to a stage. Production needs an approval and stays PENDING; other stages apply
    /// at once. Returns the request's id.
    /// </summary>
    [Alias("RequestStageTransition")]
    Task<Guid> RequestStageTransitionAsync(Caller caller, int version, string toStage, bool archiveExisting, string? comment);

    /// <summary>Approves a pending request (approver role, not the requester) and applies it.</summary>
    [Alias("ApproveStageTransition")]
    Task ApproveStageTransitionAsync(Caller caller, Guid requestId, string? comment);

    /// <summary>Rejects a pending request (approver role, not the requester).</summary>
    [Alias("RejectStageTransition")]
    Task RejectStageTransitionAsync(Caller caller, Guid requestId, string? comment);

    /// <summary>Sets a tag on the model, or on one version when <paramref name="version"/> is given.</summary>
    [Alias("SetTag")]
    Task SetTagAsync(Caller caller, int? version, string key, string value);

    /// <summary>Removes a tag from the model, or from one version.</summary>
    [Alias("DeleteTag")]
    Task DeleteTagAsync(Caller caller, int? version, string key);
}
