using System.Globalization;
using MLOps.Contracts;

namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// One ordering of a runs search, parsed from MLflow's order-by form: a field, then optionally ASC or DESC
/// (default ASC), e.g. <c>metrics.accuracy DESC</c>, <c>attributes.start_time</c>, <c>params.lr ASC</c>.
/// Runs without the metric, param or tag sort last in both directions.
/// </summary>
public sealed record RunOrderKey(RunFilterField Field, bool Descending)
{
    /// <summary>The longest order-by clause accepted, in characters.</summary>
    public const int MaxLength = 1000;

    /// <summary>The ordering when none is given: newest start first.</summary>
    public static RunOrderKey Default { get; } = new(new RunFilterField(RunFilterEntity.Attribute, "start_time"), Descending: true);

    /// <summary>Parses one order-by clause. VALIDATION when malformed.</summary>
    public static RunOrderKey Parse(string orderBy)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        if (orderBy.Length > MaxLength)
        {
            throw MLOpsException.Invalid(string.Create(
                CultureInfo.InvariantCulture, $"An order-by clause is {orderBy.Length} characters long, over the limit of {MaxLength} characters."));
        }

        var lexer = new RunFilterLexer(orderBy, "Order-by", "order-by", $" in '{RunFilterLexer.Shorten(orderBy)}'");
        var token = lexer.Next();
        if (token.Kind != RunFilterTokenKind.Word)
        {
            throw lexer.Fail(token.Position, $"expected a field such as metrics.accuracy or start_time, found {lexer.Describe(token)}.");
        }

        var field = RunFilterFields.Resolve(lexer, token);
        var next = lexer.Next();
        var descending = next.Is("DESC");
        if (descending || next.Is("ASC"))
        {
            next = lexer.Next();
        }

        if (next.Kind != RunFilterTokenKind.End)
        {
            throw lexer.Fail(next.Position, $"expected ASC, DESC or the end of the order-by, found {lexer.Describe(next)}.");
        }

        return new RunOrderKey(field, descending);
    }

    /// <summary>The clause in canonical order-by form.</summary>
    public override string ToString() => Field + (Descending ? " DESC" : " ASC");
}
