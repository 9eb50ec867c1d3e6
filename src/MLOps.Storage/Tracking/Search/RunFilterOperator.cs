namespace MLOps.Storage.Tracking.Search;

/// <summary>The comparison operators of the runs-search filter language.</summary>
public enum RunFilterOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c> or <c>&lt;&gt;</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>LIKE</c>, case-sensitive SQL pattern (<c>%</c> and <c>_</c>).</summary>
    Like,

    /// <summary><c>ILIKE</c>, case-insensitive SQL pattern.</summary>
    ILike,

    /// <summary><c>NOT LIKE</c></summary>
    NotLike,

    /// <summary><c>NOT ILIKE</c></summary>
    NotILike,

    /// <summary><c>IN (...)</c></summary>
    In,

    /// <summary><c>NOT IN (...)</c></summary>
    NotIn,
}
