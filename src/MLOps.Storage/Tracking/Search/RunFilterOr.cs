namespace MLOps.Storage.Tracking.Search;

/// <summary>Matches when any operand matches.</summary>
public sealed class RunFilterOr(IReadOnlyList<RunFilter> operands) : RunFilter
{
    /// <summary>Two or more operands, in filter order.</summary>
    public IReadOnlyList<RunFilter> Operands { get; } = operands;

    /// <inheritdoc />
    public override string ToString() => string.Join(" OR ", Operands.Select(Group));
}
