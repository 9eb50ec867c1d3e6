using MLOps.Monitoring.Profiles;

namespace MLOps.Api.Monitoring;

/// <summary>A model version's reference profile as the API shows it.</summary>
public sealed record ReferenceProfileView(
    string ModelName, int Version, string ArtifactSha256, string SourceFormat, DateTimeOffset CreatedAt, string CreatedBy, ReferenceSummary Summary);
