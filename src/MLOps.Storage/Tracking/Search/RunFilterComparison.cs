using System.Collections;
using System.Globalization;

namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// One comparison of a field with a value. <see cref="Value"/> is typed by the field: a <see cref="double"/> for
/// metrics, a <see cref="DateTimeOffset"/> (UTC) for <c>start_time</c>/<c>end_time</c>, a <see cref="Guid"/> for
/// <c>run_id</c>/<c>experiment_id</c> with = and !=, otherwise a <see cref="string"/> (LIKE patterns included);
/// for IN and NOT IN a list of those (<c>IReadOnlyList&lt;string&gt;</c> or <c>IReadOnlyList&lt;Guid&gt;</c>).
/// </summary>
public sealed class RunFilterComparison(RunFilterField field, RunFilterOperator @operator, object value) : RunFilter
{
    /// <summary>The compared field.</summary>
    public RunFilterField Field { get; } = field;

    /// <summary>The comparison operator.</summary>
    public RunFilterOperator Operator { get; } = @operator;

    /// <summary>The typed value (see the type's summary).</summary>
    public object Value { get; } = value;

    /// <summary>The operator in filter syntax.</summary>
    public static string OperatorText(RunFilterOperator @operator) => @operator switch
    {
        RunFilterOperator.Equal => "=",
        RunFilterOperator.NotEqual => "!=",
        RunFilterOperator.Less => "<",
        RunFilterOperator.LessOrEqual => "<=",
        RunFilterOperator.Greater => ">",
        RunFilterOperator.GreaterOrEqual => ">=",
        RunFilterOperator.Like => "LIKE",
        RunFilterOperator.ILike => "ILIKE",
        RunFilterOperator.NotLike => "NOT LIKE",
        RunFilterOperator.NotILike => "NOT ILIKE",
        RunFilterOperator.In => "IN",
        RunFilterOperator.NotIn => "NOT IN",
        _ => throw new ArgumentOutOfRangeException(nameof(@operator)),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Field} {OperatorText(Operator)} {Literal(Value)}";

    private static string Literal(object value) => value switch
    {
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset time => Quote(time.ToString("O", CultureInfo.InvariantCulture)),
        Guid id => Quote(id.ToString("D")),
        string text => Quote(text),
        IEnumerable list => "(" + string.Join(", ", list.Cast<object>().Select(Literal)) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
