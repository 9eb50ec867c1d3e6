namespace MLOps.Storage.Tracking.Search;

/// <summary>An order-by key as SQL: the selected expression, its value type and whether it can be null.</summary>
internal sealed record RunSearchOrderColumn(string Expression, RunValueKind Kind, bool Nullable, bool Descending)
{
    /// <summary>The ORDER BY item; nullable keys sort their nulls last in both directions, as MLflow does.</summary>
    public string OrderBy => Expression + (Descending ? " DESC" : string.Empty) + (Nullable ? " NULLS LAST" : string.Empty);

    /// <summary>The condition for rows strictly after <paramref name="value"/> in this key's order.</summary>
    public string After(string value)
    {
        var after = $"{Expression} {(Descending ? "<" : ">")} {value}";
        return Nullable ? $"({after} OR {Expression} IS NULL)" : after;
    }
}
