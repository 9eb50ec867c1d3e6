namespace MLOps.Storage.Monitoring;

/// <summary>A model version's reference profile: the artifact holding it and what it was built from.</summary>
public sealed record ReferenceProfileRecord(
    string ModelName,
    int Version,
    string ArtifactSha256,
    string SourceFormat,
    long RowCount,
    int FeatureCount,
    DateTimeOffset CreatedAt,
    string CreatedBy);
