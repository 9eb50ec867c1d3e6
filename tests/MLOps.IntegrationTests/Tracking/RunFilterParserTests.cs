using System.Globalization;
using MLOps.Contracts;
using MLOps.Storage.Tracking.Search;

namespace MLOps.IntegrationTests.Tracking;

public sealed class RunFilterParserTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t ")]
    public void ABlankFilterMatchesEveryRun(string? filter)
    {
        Assert.Same(RunFilterAll.Instance, RunFilterParser.Parse(filter));
    }

    [Theory]
    [InlineData("metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3", "metrics.a > 1 OR (metrics.b > 2 AND metrics.c > 3)")]
    [InlineData("metrics.a > 1 AND metrics.b > 2 OR metrics.c > 3", "(metrics.a > 1 AND metrics.b > 2) OR metrics.c > 3")]
    [InlineData("(metrics.a > 1 OR metrics.b > 2) AND metrics.c > 3", "(metrics.a > 1 OR metrics.b > 2) AND metrics.c > 3")]
    [InlineData("((metrics.a > 1))", "metrics.a > 1")]
    [InlineData("NOT metrics.a > 1 AND metrics.b > 2", "NOT metrics.a > 1 AND metrics.b > 2")]
    [InlineData("NOT (metrics.a > 1 OR metrics.b > 2)", "NOT (metrics.a > 1 OR metrics.b > 2)")]
    [InlineData("not not metrics.a > 1", "NOT NOT metrics.a > 1")]
    [InlineData("metrics.a > 1 and params.b like 'x%' or not tags.c in ('y')", "(metrics.a > 1 AND params.b LIKE 'x%') OR NOT tags.c IN ('y')")]
    public void AndBindsTighterThanOrAndParenthesesAndNotGroup(string filter, string canonical)
    {
        var parsed = RunFilterParser.Parse(filter);

        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(canonical, RunFilterParser.Parse(parsed.ToString()).ToString());
    }

    [Fact]
    public void AndAndOrCollectTheirOperandsInOrder()
    {
        var or = Assert.IsType<RunFilterOr>(RunFilterParser.Parse("metrics.a > 1 OR metrics.b > 2 AND NOT metrics.c > 3 OR metrics.d > 4"));

        Assert.Equal(3, or.Operands.Count);
        var and = Assert.IsType<RunFilterAnd>(or.Operands[1]);
        Assert.Equal("metrics.b", Assert.IsType<RunFilterComparison>(and.Operands[0]).Field.ToString());
        var not = Assert.IsType<RunFilterNot>(and.Operands[1]);
        Assert.Equal("c", Assert.IsType<RunFilterComparison>(not.Operand).Field.Key);
    }

    [Theory]
    [InlineData("metrics.m = 1", RunFilterOperator.Equal)]
    [InlineData("metrics.m != 1", RunFilterOperator.NotEqual)]
    [InlineData("metrics.m <> 1", RunFilterOperator.NotEqual)]
    [InlineData("metrics.m < 1", RunFilterOperator.Less)]
    [InlineData("metrics.m <= 1", RunFilterOperator.LessOrEqual)]
    [InlineData("metrics.m > 1", RunFilterOperator.Greater)]
    [InlineData("metrics.m>=1", RunFilterOperator.GreaterOrEqual)]
    [InlineData("params.p = 'v'", RunFilterOperator.Equal)]
    [InlineData("params.p != 'v'", RunFilterOperator.NotEqual)]
    [InlineData("params.p LIKE 'v%'", RunFilterOperator.Like)]
    [InlineData("params.p ilike 'v%'", RunFilterOperator.ILike)]
    [InlineData("params.p NOT LIKE 'v%'", RunFilterOperator.NotLike)]
    [InlineData("params.p not ILIKE 'v%'", RunFilterOperator.NotILike)]
    [InlineData("tags.t IN ('a', 'b')", RunFilterOperator.In)]
    [InlineData("tags.t NOT IN ('a')", RunFilterOperator.NotIn)]
    [InlineData("run_name LIKE 'exp-%'", RunFilterOperator.Like)]
    [InlineData("start_time >= 0", RunFilterOperator.GreaterOrEqual)]
    public void EveryOperatorIsRecognised(string filter, RunFilterOperator expected)
    {
        Assert.Equal(expected, Assert.IsType<RunFilterComparison>(RunFilterParser.Parse(filter)).Operator);
    }

    [Theory]
    [InlineData("metrics.acc > 1", RunFilterEntity.Metric, "acc")]
    [InlineData("metric.acc > 1", RunFilterEntity.Metric, "acc")]
    [InlineData("params.lr = '1'", RunFilterEntity.Param, "lr")]
    [InlineData("param.lr = '1'", RunFilterEntity.Param, "lr")]
    [InlineData("tags.team = '1'", RunFilterEntity.Tag, "team")]
    [InlineData("tag.team = '1'", RunFilterEntity.Tag, "team")]
    [InlineData("attributes.status = 'FAILED'", RunFilterEntity.Attribute, "status")]
    [InlineData("attribute.run_name = 'x'", RunFilterEntity.Attribute, "run_name")]
    [InlineData("attr.created_by = 'x'", RunFilterEntity.Attribute, "created_by")]
    [InlineData("user_id = 'x'", RunFilterEntity.Attribute, "created_by")]
    [InlineData("Metrics.acc > 1", RunFilterEntity.Metric, "acc")]
    [InlineData("params.model/layer-1.size = '3'", RunFilterEntity.Param, "model/layer-1.size")]
    [InlineData("metrics.`f1 score` > 0.5", RunFilterEntity.Metric, "f1 score")]
    [InlineData("params.\"my param\" = 'x'", RunFilterEntity.Param, "my param")]
    [InlineData("tags.`a``b` = 'x'", RunFilterEntity.Tag, "a`b")]
    [InlineData("`run_name` = 'x'", RunFilterEntity.Attribute, "run_name")]
    public void PrefixesAliasesAndQuotedKeysNameTheField(string filter, RunFilterEntity entity, string key)
    {
        var field = Assert.IsType<RunFilterComparison>(RunFilterParser.Parse(filter)).Field;

        Assert.Equal(new RunFilterField(entity, key), field);
    }

    [Fact]
    public void QuotedKeysSurviveTheCanonicalText()
    {
        var parsed = RunFilterParser.Parse("metrics.`f1 score` > 0.5 AND tags.`a``b` = 'x'");

        Assert.Equal("metrics.`f1 score` > 0.5 AND tags.`a``b` = 'x'", parsed.ToString());
    }

    [Theory]
    [InlineData("metrics.m > -1.5e3", -1500.0)]
    [InlineData("metrics.m > 42", 42.0)]
    [InlineData("metrics.m > .5", 0.5)]
    [InlineData("metrics.m>-2", -2.0)]
    [InlineData("metrics.m > 1E-3", 0.001)]
    public void NumbersAreParsedInvariantly(string filter, double expected)
    {
        Assert.Equal(expected, Assert.IsType<double>(Assert.IsType<RunFilterComparison>(RunFilterParser.Parse(filter)).Value));
    }

    [Theory]
    [InlineData("tags.note = 'it''s'", "it's")]
    [InlineData("tags.note = \"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("tags.note = ''", "")]
    [InlineData("tags.note = 'AND OR ) ('", "AND OR ) (")]
    public void StringsUnescapeDoubledQuotes(string filter, string expected)
    {
        Assert.Equal(expected, Assert.IsType<RunFilterComparison>(RunFilterParser.Parse(filter)).Value);
    }

    [Fact]
    public void InListsHoldEveryValue()
    {
        var comparison = Assert.IsType<RunFilterComparison>(RunFilterParser.Parse("params.lr IN ('0.1', \"0.01\",'0.001')"));

        Assert.Equal(["0.1", "0.01", "0.001"], Assert.IsAssignableFrom<IReadOnlyList<string>>(comparison.Value));
    }

    [Fact]
    public void StatusesAndRunIdsAreChecked()
    {
        var statuses = Assert.IsType<RunFilterComparison>(RunFilterParser.Parse("status IN ('FINISHED', 'FAILED')"));
        var dashed = Assert.IsType<RunFilterComparison>(RunFilterParser.Parse("run_id = '0f8fad5b-d9cb-469f-a165-70867728950e'"));
        var hex = Assert.IsType<RunFilterComparison>(RunFilterParser.Parse("attributes.run_id IN ('0f8fad5bd9cb469fa16570867728950e')"));
        var pattern = Assert.IsType<RunFilterComparison>(RunFilterParser.Parse("run_id LIKE '0f8f%'"));

        Assert.Equal(["FINISHED", "FAILED"], Assert.IsAssignableFrom<IReadOnlyList<string>>(statuses.Value));
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), dashed.Value);
        Assert.Equal([Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")], Assert.IsAssignableFrom<IReadOnlyList<Guid>>(hex.Value));
        Assert.Equal("0f8f%", pattern.Value);
    }

    [Theory]
    [InlineData("start_time > 1704067200000", "2024-01-01T00:00:00+00:00")]
    [InlineData("end_time <= '2024-01-01T00:00:00Z'", "2024-01-01T00:00:00+00:00")]
    [InlineData("end_time < '2024-01-01'", "2024-01-01T00:00:00+00:00")]
    [InlineData("start_time = '2024-01-01T02:30:00.250+02:00'", "2024-01-01T00:30:00.25+00:00")]
    [InlineData("start_time != '2024-01-01 00:00:00'", "2024-01-01T00:00:00+00:00")]
    public void TimesAreEpochMillisecondsOrIsoTimestamps(string filter, string expected)
    {
        var value = Assert.IsType<DateTimeOffset>(Assert.IsType<RunFilterComparison>(RunFilterParser.Parse(filter)).Value);

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("metrics.accuracy xyz", 18, "expected a comparison operator after 'metrics.accuracy', found 'xyz'.")]
    [InlineData("params.lr = 'abc", 13, "unterminated string")]
    [InlineData("metrics.`abc > 1", 9, "unterminated name")]
    [InlineData("foo.bar = 'x'", 1, "unknown prefix 'foo' in 'foo.bar'")]
    [InlineData("accuracy > 0.9", 1, "unknown attribute 'accuracy'; expected one of run_id, run_name, status, start_time, end_time, experiment_id, created_by")]
    [InlineData("attributes.lifecycle = 'ACTIVE'", 1, "unknown attribute 'lifecycle'")]
    [InlineData("metrics.a > '0.9'", 13, "expected a number after 'metrics.a >', found '0.9'")]
    [InlineData("params.lr = 0.1", 13, "expected a quoted string after 'params.lr =', found '0.1'")]
    [InlineData("metrics.a > 1 foo", 15, "expected AND, OR or the end of the filter after '1', found 'foo'")]
    [InlineData("metrics.a > 1)", 14, "expected AND, OR or the end of the filter after '1', found ')'")]
    [InlineData("()", 2, "empty parentheses: expected a comparison after '(', found ')'")]
    [InlineData("metrics.a > 1 AND ()", 20, "empty parentheses")]
    [InlineData("(metrics.a > 1", 15, "expected AND, OR or ')' to close the '(' at position 1, found the end of the filter")]
    [InlineData("metrics.a > 1 AND", 18, "expected a comparison such as metrics.accuracy > 0.9 after 'AND', found the end of the filter")]
    [InlineData("metrics.a > 1 OR ", 18, "after 'OR', found the end of the filter")]
    [InlineData("AND metrics.a > 1", 1, "expected a comparison such as metrics.accuracy > 0.9, found 'AND'")]
    [InlineData("metrics.a > 1 AND OR metrics.b > 1", 19, "after 'AND', found 'OR'")]
    [InlineData("metrics.a", 10, "expected a comparison operator after 'metrics.a', found the end of the filter")]
    [InlineData("metrics.a >", 12, "expected a number after 'metrics.a >', found the end of the filter")]
    [InlineData("metrics.a LIKE 'x'", 11, "operator LIKE cannot be used with metrics.a; use one of =, !=, <, <=, >, >=")]
    [InlineData("params.a > '1'", 10, "operator > cannot be used with params.a")]
    [InlineData("start_time IN (1)", 12, "operator IN cannot be used with start_time")]
    [InlineData("status = 'running'", 10, "unknown status 'running'; expected one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED")]
    [InlineData("status IN ('FAILED', 'DONE')", 22, "unknown status 'DONE'")]
    [InlineData("run_id = 'abc'", 10, "expected a UUID")]
    [InlineData("experiment_id IN ('0f8fad5b-d9cb-469f-a165-70867728950e', '12')", 59, "expected a UUID")]
    [InlineData("params.a NOT = 'x'", 14, "expected LIKE, ILIKE or IN after 'params.a NOT', found '='")]
    [InlineData("params.a IN ()", 14, "expected a quoted string in the list, found ')'")]
    [InlineData("params.a IN 'x'", 13, "expected '(' to start a list of values after 'params.a IN', found 'x'")]
    [InlineData("params.a IN ('x' 'y')", 18, "expected ',' or ')' in the list of values, found 'y'")]
    [InlineData("params.a IN ('x',)", 18, "expected a quoted string in the list, found ')'")]
    [InlineData("metrics. > 1", 1, "expected a key after 'metrics.'")]
    [InlineData("metrics.`` > 1", 1, "expected a key after 'metrics.'")]
    [InlineData("metrics.a > 1 ; drop", 15, "found ';'")]
    [InlineData("metrics.a ! 1", 11, "expected a comparison operator after 'metrics.a', found '!'")]
    [InlineData("start_time > 'yesterday'", 14, "expected an ISO-8601 timestamp")]
    [InlineData("start_time > 1e300", 14, "out of range")]
    [InlineData("end_time > 253402300800000", 12, "out of range")]
    [InlineData("metrics.a > 1e999", 13, "out of range")]
    [InlineData("end_time < params.x", 12, "expected milliseconds since the Unix epoch or a quoted ISO-8601 timestamp")]
    public void MalformedFiltersAreValidationErrorsThatPointAtThePosition(string filter, int position, string expected)
    {
        var error = Assert.Throws<MLOpsException>(() => RunFilterParser.Parse(filter));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.StartsWith($"Filter error at position {position}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1; DROP TABLE runs", 1)]
    [InlineData("' OR 1=1 --", 1)]
    [InlineData("metrics.`a`; --", 12)]
    [InlineData("metrics.a > 1; DROP TABLE runs", 14)]
    [InlineData("params.lr = '1' --", 17)]
    [InlineData("params.lr = '1' /* x */", 17)]
    public void InjectionAttemptsOutsideQuotesAreValidationErrors(string filter, int position)
    {
        var error = Assert.Throws<MLOpsException>(() => RunFilterParser.Parse(filter));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.StartsWith($"Filter error at position {position}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InjectionAttemptsInsideQuotesAreOnlyLiterals()
    {
        var value = Assert.IsType<RunFilterComparison>(RunFilterParser.Parse("params.lr = '1''; DROP TABLE runs; --'"));
        var key = Assert.IsType<RunFilterComparison>(RunFilterParser.Parse("params.`x'; DROP TABLE runs; --` = 'a'"));

        Assert.Equal("1'; DROP TABLE runs; --", value.Value);
        Assert.Equal("x'; DROP TABLE runs; --", key.Field.Key);
    }

    [Fact]
    public void FiltersLongerThanTheLimitAreRefused()
    {
        var filter = "params.p = '" + new string('x', RunFilterParser.MaxLength) + "'";

        var error = Assert.Throws<MLOpsException>(() => RunFilterParser.Parse(filter));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Contains("limit of 4000 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AtMostOneHundredComparisonsAreAccepted()
    {
        string Comparisons(int count) => string.Join(" OR ", Enumerable.Range(0, count).Select(i => $"metrics.m{i} > {i}"));

        var accepted = Assert.IsType<RunFilterOr>(RunFilterParser.Parse(Comparisons(RunFilterParser.MaxComparisons)));
        var error = Assert.Throws<MLOpsException>(() => RunFilterParser.Parse(Comparisons(RunFilterParser.MaxComparisons + 1)));

        Assert.Equal(100, accepted.Operands.Count);
        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Contains("more comparisons than the limit of 100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("NOT ", "")]
    [InlineData("NOT (", ")")]
    public void NestingDeeperThanThirtyTwoLevelsIsRefused(string open, string close)
    {
        string Nested(int depth) => string.Concat(Enumerable.Repeat(open, depth)) + "metrics.m > 1" + string.Concat(Enumerable.Repeat(close, depth));

        RunFilterParser.Parse(Nested(open.Length == 5 ? RunFilterParser.MaxDepth / 2 : RunFilterParser.MaxDepth));
        var error = Assert.Throws<MLOpsException>(() => RunFilterParser.Parse(Nested(RunFilterParser.MaxDepth + 1)));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Contains("deeper than the limit of 32 levels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics.accuracy DESC", "metrics.accuracy DESC")]
    [InlineData("attributes.start_time", "attributes.start_time ASC")]
    [InlineData("params.lr asc", "params.lr ASC")]
    [InlineData("tags.`my tag` Desc", "tags.`my tag` DESC")]
    [InlineData("user_id", "attributes.created_by ASC")]
    public void OrderByClausesParse(string orderBy, string canonical)
    {
        Assert.Equal(canonical, RunOrderKey.Parse(orderBy).ToString());
    }

    [Theory]
    [InlineData("metrics.a DOWN", 11, "expected ASC, DESC or the end of the order-by, found 'DOWN'")]
    [InlineData("", 1, "expected a field such as metrics.accuracy or start_time, found the end of the order-by")]
    [InlineData("accuracy DESC", 1, "unknown attribute 'accuracy'")]
    [InlineData("metrics.a DESC; DROP TABLE runs", 15, "found ';'")]
    public void MalformedOrderByClausesAreValidationErrors(string orderBy, int position, string expected)
    {
        var error = Assert.Throws<MLOpsException>(() => RunOrderKey.Parse(orderBy));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.StartsWith($"Order-by error at position {position} in '{orderBy}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
