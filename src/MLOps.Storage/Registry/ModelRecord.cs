namespace MLOps.Storage.Registry;

/// <summary>A live registered model as stored.</summary>
public sealed record ModelRecord(
    Guid Id,
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    int LastVersion);
