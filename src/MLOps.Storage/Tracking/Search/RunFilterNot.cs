namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// Matches when the operand does not. Negation is two-valued: <c>NOT metrics.loss &gt; 1</c> also matches runs
/// that never logged <c>loss</c>, because for them <c>metrics.loss &gt; 1</c> is false.
/// </summary>
public sealed class RunFilterNot(RunFilter operand) : RunFilter
{
    /// <summary>The negated filter.</summary>
    public RunFilter Operand { get; } = operand;

    /// <inheritdoc />
    public override string ToString() => "NOT " + Group(Operand);
}
