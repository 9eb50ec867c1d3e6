namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// Translates a parsed filter into a SQL condition on <c>runs r</c>. Only fixed SQL text comes from here; keys,
/// values and patterns are parameters. A metric, param or tag comparison is
/// <c>EXISTS (SELECT 1 FROM table x WHERE x.run_id = r.id AND x.key = $k AND x.value op $v)</c>: under AND the
/// planner makes it a semi-join fed by the (key, value) index; under OR or NOT it picks between a probe of the
/// (run_id, key) primary key per run and one hashed pass over the (key, value) index. Every condition is
/// two-valued (true or false, never null), so NOT negates exactly: NOT metrics.loss &gt; 1 matches runs without loss.
/// </summary>
internal static class RunFilterSql
{
    public static string Condition(RunFilter filter, RunSearchParameters parameters) => filter switch
    {
        RunFilterAll => "TRUE",
        RunFilterAnd and => "(" + string.Join(" AND ", and.Operands.Select(o => Condition(o, parameters))) + ")",
        RunFilterOr or => "(" + string.Join(" OR ", or.Operands.Select(o => Condition(o, parameters))) + ")",
        RunFilterNot not => "NOT " + Condition(not.Operand, parameters),
        RunFilterComparison comparison => Comparison(comparison, parameters),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.GetType().Name, "Not a filter node type."),
    };

    /// <summary>The table holding a metric, param or tag per run and key.</summary>
    public static string TableOf(RunFilterEntity entity) => entity switch
    {
        RunFilterEntity.Metric => "run_latest_metrics",
        RunFilterEntity.Param => "run_params",
        RunFilterEntity.Tag => "run_tags",
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, "Attributes are columns of runs."),
    };

    private static string Comparison(RunFilterComparison comparison, RunSearchParameters parameters)
    {
        var isPattern = comparison.Operator is RunFilterOperator.Like or RunFilterOperator.ILike
            or RunFilterOperator.NotLike or RunFilterOperator.NotILike;
        if (comparison.Field.Entity == RunFilterEntity.Attribute)
        {
            var attribute = RunAttribute.Of(comparison.Field);
            var column = attribute.Kind == RunValueKind.Uuid && isPattern ? attribute.Column + "::text" : attribute.Column;
            var predicate = Predicate(column, comparison.Operator, parameters.AddValue(comparison.Value));
            return attribute.Nullable ? $"({attribute.Column} IS NOT NULL AND {predicate})" : $"({predicate})";
        }

        var key = parameters.AddValue(comparison.Field.Key);
        var value = Predicate("x.value", comparison.Operator, parameters.AddValue(comparison.Value));
        return $"EXISTS (SELECT 1 FROM {TableOf(comparison.Field.Entity)} x WHERE x.run_id = r.id AND x.key = {key} AND {value})";
    }

    private static string Predicate(string column, RunFilterOperator op, string value) => op switch
    {
        RunFilterOperator.Equal => $"{column} = {value}",
        RunFilterOperator.NotEqual => $"{column} <> {value}",
        RunFilterOperator.Less => $"{column} < {value}",
        RunFilterOperator.LessOrEqual => $"{column} <= {value}",
        RunFilterOperator.Greater => $"{column} > {value}",
        RunFilterOperator.GreaterOrEqual => $"{column} >= {value}",
        RunFilterOperator.Like => $"{column} LIKE {value}",
        RunFilterOperator.ILike => $"{column} ILIKE {value}",
        RunFilterOperator.NotLike => $"{column} NOT LIKE {value}",
        RunFilterOperator.NotILike => $"{column} NOT ILIKE {value}",
        RunFilterOperator.In => $"{column} = ANY({value})",
        RunFilterOperator.NotIn => $"{column} <> ALL({value})",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a filter operator."),
    };
}
