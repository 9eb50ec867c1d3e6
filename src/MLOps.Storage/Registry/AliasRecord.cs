namespace MLOps.Storage.Registry;

/// <summary>An alias of a model and the version it points at.</summary>
public sealed record AliasRecord(Guid ModelId, string Alias, int Version, DateTimeOffset UpdatedAt, string UpdatedBy);
