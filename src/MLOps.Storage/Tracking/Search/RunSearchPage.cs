namespace MLOps.Storage.Tracking.Search;

/// <summary>One page of runs-search results.</summary>
/// <param name="RunIds">The matching runs, in search order.</param>
/// <param name="NextPageToken">The opaque token for the next page, or null when this is the last page.</param>
public sealed record RunSearchPage(IReadOnlyList<Guid> RunIds, string? NextPageToken);
