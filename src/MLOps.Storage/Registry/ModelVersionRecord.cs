namespace MLOps.Storage.Registry;

/// <summary>A model version as stored; JSON columns are kept as JSON text for the API to shape.</summary>
public sealed record ModelVersionRecord(
    Guid ModelId,
    string ModelName,
    int Version,
    string Status,
    string? StatusMessage,
    string Stage,
    string Description,
    string ArtifactSha256,
    long ArtifactSize,
    string Format,
    string? SignatureJson,
    string? OnnxMetadataJson,
    string LineageJson,
    string MetricsJson,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy);
