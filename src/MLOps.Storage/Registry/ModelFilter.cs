namespace MLOps.Storage.Registry;

/// <summary>Filters of the model listing; every one that is set must match.</summary>
public sealed record ModelFilter(
    string? NameContains = null,
    string? TagKey = null,
    string? TagValue = null,
    string? Stage = null,
    string? HasAlias = null);
