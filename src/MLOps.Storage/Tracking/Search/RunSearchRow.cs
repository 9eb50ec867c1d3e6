namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// One row of a runs-search result: the run id and its values of the order-by keys, in order (null where the run
/// lacks the metric, param or tag, or has no end time).
/// </summary>
public sealed record RunSearchRow(Guid RunId, IReadOnlyList<object?> OrderValues);
