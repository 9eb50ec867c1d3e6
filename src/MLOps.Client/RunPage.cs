namespace MLOps.Client;

/// <summary>One page of a run search.</summary>
/// <param name="Runs">The runs on this page, in the requested order.</param>
/// <param name="NextPageToken">Pass to the next search to get the next page; null on the last page.</param>
public sealed record RunPage(IReadOnlyList<Run> Runs, string? NextPageToken);
