using System.Globalization;
using MLOps.Contracts;

namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// Parses the runs-search filter language: MLflow's <c>search_runs</c> syntax extended with OR, parentheses and
/// NOT. <c>expression := term (OR term)*; term := factor (AND factor)*; factor := NOT factor | '(' expression ')'
/// | comparison</c>, keywords case-insensitive. Every malformed filter is a VALIDATION error naming the 1-based
/// position, what was expected and what was found.
/// </summary>
public sealed class RunFilterParser
{
    /// <summary>The longest filter accepted, in characters.</summary>
    public const int MaxLength = 4000;

    /// <summary>The most comparisons one filter may hold.</summary>
    public const int MaxComparisons = 100;

    /// <summary>The deepest nesting of parentheses and NOT.</summary>
    public const int MaxDepth = 32;

    private static readonly RunFilterOperator[] OrderingOperators =
    [
        RunFilterOperator.Equal, RunFilterOperator.NotEqual, RunFilterOperator.Less,
        RunFilterOperator.LessOrEqual, RunFilterOperator.Greater, RunFilterOperator.GreaterOrEqual,
    ];

    private static readonly RunFilterOperator[] MatchingOperators =
    [
        RunFilterOperator.Equal, RunFilterOperator.NotEqual, RunFilterOperator.Like, RunFilterOperator.ILike,
        RunFilterOperator.NotLike, RunFilterOperator.NotILike, RunFilterOperator.In, RunFilterOperator.NotIn,
    ];

    private readonly RunFilterLexer _lexer;
    private RunFilterToken _current;
    private RunFilterToken? _previous;
    private int _comparisons;

    private RunFilterParser(string filter)
    {
        _lexer = new RunFilterLexer(filter, "Filter", "filter", string.Empty);
        _current = _lexer.Next();
    }

    /// <summary>Parses a filter; null or blank is <see cref="RunFilterAll"/>. VALIDATION when malformed.</summary>
    public static RunFilter Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return RunFilterAll.Instance;
        }

        if (filter.Length > MaxLength)
        {
            throw MLOpsException.Invalid(string.Create(
                CultureInfo.InvariantCulture, $"The filter is {filter.Length} characters long, over the limit of {MaxLength} characters."));
        }

        var parser = new RunFilterParser(filter);
        var result = parser.ParseOr(0);
        if (parser._current.Kind != RunFilterTokenKind.End)
        {
            throw parser.Fail(parser._current, $"expected AND, OR or the end of the filter{parser.After()}, found {parser.Describe(parser._current)}.");
        }

        return result;
    }

    private RunFilter ParseOr(int depth)
    {
        var operands = new List<RunFilter> { ParseAnd(depth) };
        while (_current.Is("OR"))
        {
            Advance();
            operands.Add(ParseAnd(depth));
        }

        return operands.Count == 1 ? operands[0] : new RunFilterOr(operands);
    }

    private RunFilter ParseAnd(int depth)
    {
        var operands = new List<RunFilter> { ParseFactor(depth) };
        while (_current.Is("AND"))
        {
            Advance();
            operands.Add(ParseFactor(depth));
        }

        return operands.Count == 1 ? operands[0] : new RunFilterAnd(operands);
    }

    private RunFilter ParseFactor(int depth)
    {
        var token = _current;
        if (!token.Is("NOT") && token.Kind != RunFilterTokenKind.LeftParen)
        {
            return ParseComparison();
        }

        if (depth + 1 > MaxDepth)
        {
            throw Fail(token, $"the filter nests parentheses and NOT deeper than the limit of {MaxDepth} levels.");
        }

        Advance();
        if (token.Is("NOT"))
        {
            return new RunFilterNot(ParseFactor(depth + 1));
        }

        if (_current.Kind == RunFilterTokenKind.RightParen)
        {
            throw Fail(_current, "empty parentheses: expected a comparison after '(', found ')'.");
        }

        var inner = ParseOr(depth + 1);
        if (_current.Kind != RunFilterTokenKind.RightParen)
        {
            throw Fail(_current, $"expected AND, OR or ')' to close the '(' at position {token.Position + 1}, found {Describe(_current)}.");
        }

        Advance();
        return inner;
    }

    private RunFilterComparison ParseComparison()
    {
        var fieldToken = _current;
        if (fieldToken.Kind != RunFilterTokenKind.Word || fieldToken.Is("AND") || fieldToken.Is("OR") || fieldToken.Is("IN")
            || fieldToken.Is("LIKE") || fieldToken.Is("ILIKE"))
        {
            throw Fail(fieldToken, $"expected a comparison such as metrics.accuracy > 0.9{After()}, found {Describe(fieldToken)}.");
        }

        if (++_comparisons > MaxComparisons)
        {
            throw Fail(fieldToken, $"the filter has more comparisons than the limit of {MaxComparisons}.");
        }

        var field = RunFilterFields.Resolve(_lexer, fieldToken);
        Advance();
        var operatorToken = _current;
        var op = ParseOperator(fieldToken);
        var allowed = RunAttribute.KindOf(field) is RunValueKind.Number or RunValueKind.Time ? OrderingOperators : MatchingOperators;
        if (!allowed.Contains(op))
        {
            throw Fail(operatorToken, $"operator {RunFilterComparison.OperatorText(op)} cannot be used with {RunFilterLexer.Shorten(fieldToken.Text)}; use one of {string.Join(", ", allowed.Select(RunFilterComparison.OperatorText))}.");
        }

        var after = $"after '{RunFilterLexer.Shorten(fieldToken.Text)} {RunFilterComparison.OperatorText(op)}'";
        object value = op is RunFilterOperator.In or RunFilterOperator.NotIn ? ParseList(field, after) : ParseScalar(field, op, after);
        return new RunFilterComparison(field, op, value);
    }

    private RunFilterOperator ParseOperator(RunFilterToken fieldToken)
    {
        var token = _current;
        RunFilterOperator? op = token.Kind == RunFilterTokenKind.Operator
            ? token.Text switch
            {
                "=" => RunFilterOperator.Equal,
                "!=" or "<>" => RunFilterOperator.NotEqual,
                "<" => RunFilterOperator.Less,
                "<=" => RunFilterOperator.LessOrEqual,
                ">" => RunFilterOperator.Greater,
                _ => RunFilterOperator.GreaterOrEqual,
            }
            : token.Is("LIKE") ? RunFilterOperator.Like
            : token.Is("ILIKE") ? RunFilterOperator.ILike
            : token.Is("IN") ? RunFilterOperator.In
            : null;
        if (token.Is("NOT"))
        {
            Advance();
            op = _current.Is("LIKE") ? RunFilterOperator.NotLike
                : _current.Is("ILIKE") ? RunFilterOperator.NotILike
                : _current.Is("IN") ? RunFilterOperator.NotIn
                : throw Fail(_current, $"expected LIKE, ILIKE or IN after '{RunFilterLexer.Shorten(fieldToken.Text)} NOT', found {Describe(_current)}.");
        }
        else if (op is null)
        {
            throw Fail(token, $"expected a comparison operator after '{RunFilterLexer.Shorten(fieldToken.Text)}', found {Describe(token)}.");
        }

        Advance();
        return op.Value;
    }

    private object ParseList(RunFilterField field, string after)
    {
        if (_current.Kind != RunFilterTokenKind.LeftParen)
        {
            throw Fail(_current, $"expected '(' to start a list of values {after}, found {Describe(_current)}.");
        }

        Advance();
        var values = new List<object>();
        while (true)
        {
            values.Add(ParseScalar(field, RunFilterOperator.In, "in the list"));
            if (_current.Kind == RunFilterTokenKind.RightParen)
            {
                Advance();
                break;
            }

            if (_current.Kind != RunFilterTokenKind.Comma)
            {
                throw Fail(_current, $"expected ',' or ')' in the list of values, found {Describe(_current)}.");
            }

            Advance();
        }

        return RunAttribute.KindOf(field) == RunValueKind.Uuid ? values.Cast<Guid>().ToList() : values.Cast<string>().ToList();
    }

    private object ParseScalar(RunFilterField field, RunFilterOperator op, string after)
    {
        var token = _current;
        var kind = RunAttribute.KindOf(field);
        var isPattern = op is RunFilterOperator.Like or RunFilterOperator.ILike or RunFilterOperator.NotLike or RunFilterOperator.NotILike;
        object value = kind switch
        {
            RunValueKind.Number when token.Kind == RunFilterTokenKind.Number => RunFilterLiterals.Number(_lexer, token),
            RunValueKind.Number => throw Fail(token, $"expected a number {after}, found {Describe(token)}; metric values are unquoted numbers."),
            RunValueKind.Time when token.Kind == RunFilterTokenKind.Number => RunFilterLiterals.EpochMilliseconds(_lexer, token),
            RunValueKind.Time when token.Kind == RunFilterTokenKind.String => RunFilterLiterals.Timestamp(_lexer, token),
            RunValueKind.Time => throw Fail(token, $"expected milliseconds since the Unix epoch or a quoted ISO-8601 timestamp {after}, found {Describe(token)}."),
            _ when token.Kind is RunFilterTokenKind.Number or RunFilterTokenKind.Word => throw Fail(token, $"expected a quoted string {after}, found {Describe(token)}; quote the value, e.g. '{RunFilterLexer.Shorten(token.Text)}'."),
            _ when token.Kind != RunFilterTokenKind.String => throw Fail(token, $"expected a quoted string {after}, found {Describe(token)}."),
            RunValueKind.Uuid when !isPattern => RunFilterLiterals.Uuid(_lexer, token),
            _ => token.Value!,
        };

        if (field is { Entity: RunFilterEntity.Attribute, Key: RunAttribute.Status } && !isPattern && !RunAttribute.Statuses.Contains((string)value))
        {
            throw Fail(token, $"unknown status {Describe(token)}; expected one of {string.Join(", ", RunAttribute.Statuses)} (case-sensitive).");
        }

        Advance();
        return value;
    }

    private void Advance()
    {
        _previous = _current;
        _current = _lexer.Next();
    }

    private string After() => _previous is { } previous ? $" after '{RunFilterLexer.Shorten(previous.Text)}'" : string.Empty;

    private string Describe(RunFilterToken token) => _lexer.Describe(token);

    private MLOpsException Fail(RunFilterToken token, string message) => _lexer.Fail(token.Position, message);
}
