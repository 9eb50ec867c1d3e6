namespace MLOps.Api.GraphQL.Registry;

/// <summary>A Relay connection page: edges with cursors and the page info.</summary>
public sealed record Page<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo)
{
    public IEnumerable<T> Nodes => Edges.Select(e => e.Node);

    /// <summary>Builds a page from rows fetched with one extra row that tells whether more follow.</summary>
    public static Page<T> From(IReadOnlyList<T> rows, int first, Func<T, string> cursor)
    {
        var page = rows.Take(first).Select(r => new Edge<T>(cursor(r), r)).ToList();
        return new Page<T>(page, new PageInfo(rows.Count > first, page.Count == 0 ? null : page[^1].Cursor));
    }
}

public sealed record Edge<T>(string Cursor, T Node);
