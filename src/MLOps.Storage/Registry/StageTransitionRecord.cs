namespace MLOps.Storage.Registry;

/// <summary>A request to move a version between stages, and its decision.</summary>
public sealed record StageTransitionRecord(
    Guid Id,
    Guid ModelId,
    int Version,
    string FromStage,
    string ToStage,
    bool ArchiveExisting,
    string Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string Comment,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionComment);
