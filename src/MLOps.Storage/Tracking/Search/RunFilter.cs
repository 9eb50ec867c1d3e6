namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// A parsed runs-search filter: <see cref="RunFilterAll"/>, <see cref="RunFilterAnd"/>, <see cref="RunFilterOr"/>,
/// <see cref="RunFilterNot"/> or <see cref="RunFilterComparison"/>. <see cref="ToString"/> gives the canonical
/// filter text, with every nested AND/OR in parentheses, which parses back to the same tree.
/// </summary>
public abstract class RunFilter
{
    private protected RunFilter()
    {
    }

    /// <summary>The canonical filter text.</summary>
    public abstract override string ToString();

    /// <summary>The operand's text, parenthesised when it is itself an AND or OR.</summary>
    private protected static string Group(RunFilter operand) =>
        operand is RunFilterAnd or RunFilterOr ? "(" + operand + ")" : operand.ToString();
}
