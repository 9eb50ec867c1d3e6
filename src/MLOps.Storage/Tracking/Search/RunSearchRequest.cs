namespace MLOps.Storage.Tracking.Search;

/// <summary>One page of a runs search.</summary>
public sealed class RunSearchRequest
{
    /// <summary>The experiments searched; at least one.</summary>
    public required IReadOnlyList<Guid> ExperimentIds { get; init; }

    /// <summary>The filter (see <see cref="RunFilterParser"/>); null or blank matches every run.</summary>
    public string? Filter { get; init; }

    /// <summary>Order-by clauses (see <see cref="RunOrderKey"/>); empty means <c>start_time DESC</c>. The run id always breaks ties.</summary>
    public IReadOnlyList<string> OrderBy { get; init; } = [];

    /// <summary>Runs per page, 1 to <see cref="RunSearchSql.MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The <see cref="RunSearchPage.NextPageToken"/> of the previous page of the same search, or null for the first page.</summary>
    public string? PageToken { get; init; }

    /// <summary>Whether soft-deleted runs are searched too.</summary>
    public bool IncludeDeleted { get; init; }
}
