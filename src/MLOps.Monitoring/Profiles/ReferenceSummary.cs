namespace MLOps.Monitoring.Profiles;

/// <summary>A JSON-friendly description of a <see cref="ReferenceProfile"/> for the API.</summary>
/// <param name="RowCount">Number of reference rows.</param>
/// <param name="Features">One summary per feature, in index order.</param>
public sealed record ReferenceSummary(long RowCount, IReadOnlyList<FeatureSummary> Features);
