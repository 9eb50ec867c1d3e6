using System.Collections.Frozen;

namespace MLOps.Storage.Events;

/// <summary>
/// The registry event types: the <c>type</c> of a webhook body and the values a webhook may filter on.
/// Names are <c>subject.past_tense_verb</c>; once published a name never changes (receivers match on it).
/// </summary>
public static class RegistryEventTypes
{
    public const string ModelCreated = "model.created";
    public const string ModelUpdated = "model.updated";
    public const string ModelDeleted = "model.deleted";
    public const string ModelVersionRegistered = "model_version.registered";
    public const string ModelVersionReady = "model_version.ready";
    public const string ModelVersionFailed = "model_version.failed";
    public const string ModelAliasSet = "model_alias.set";
    public const string ModelAliasDeleted = "model_alias.deleted";
    public const string StageTransitionRequested = "stage_transition.requested";
    public const string StageTransitionApproved = "stage_transition.approved";
    public const string StageTransitionRejected = "stage_transition.rejected";
    public const string ModelVersionStageChanged = "model_version.stage_changed";
    public const string TagSet = "tag.set";
    public const string TagDeleted = "tag.deleted";
    public const string DeploymentCreated = "deployment.created";
    public const string DeploymentUpdated = "deployment.updated";
    public const string DeploymentDeleted = "deployment.deleted";
    public const string ReferenceProfiled = "model_version.reference_profiled";
    public const string AlertRaised = "alert.raised";
    public const string AlertResolved = "alert.resolved";

    /// <summary>Every known type, in the order above (the order documentation and error messages list them in).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ModelCreated, ModelUpdated, ModelDeleted,
        ModelVersionRegistered, ModelVersionReady, ModelVersionFailed,
        ModelAliasSet, ModelAliasDeleted,
        StageTransitionRequested, StageTransitionApproved, StageTransitionRejected, ModelVersionStageChanged,
        TagSet, TagDeleted,
        DeploymentCreated, DeploymentUpdated, DeploymentDeleted,
        ReferenceProfiled, AlertRaised, AlertResolved,
    ];

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="type"/> is one of <see cref="All"/> (exact, case-sensitive).</summary>
    public static bool IsKnown(string? type) => type is not null && Known.Contains(type);
}
