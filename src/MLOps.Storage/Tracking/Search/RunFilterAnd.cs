namespace MLOps.Storage.Tracking.Search;

/// <summary>Matches when every operand matches.</summary>
public sealed class RunFilterAnd(IReadOnlyList<RunFilter> operands) : RunFilter
{
    /// <summary>Two or more operands, in filter order.</summary>
    public IReadOnlyList<RunFilter> Operands { get; } = operands;

    /// <inheritdoc />
    public override string ToString() => string.Join(" AND ", Operands.Select(Group));
}
