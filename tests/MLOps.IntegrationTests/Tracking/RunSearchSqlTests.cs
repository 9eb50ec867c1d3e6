using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MLOps.Contracts;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Tracking.Search;
using Npgsql;

using static MLOps.IntegrationTests.Tracking.SearchSeed;

namespace MLOps.IntegrationTests.Tracking;

[Collection(StorageCollection.Name)]
public sealed class RunSearchSqlTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task OrAndParenthesesCombineComparisonsWithAndBindingTighter()
    {
        await using var dataSource = await CreateSeededAsync("search_or");

        await AssertMatchesAsync(dataSource, "params.lr = '0.1' OR tags.team = 'vision'", r => r.Param("lr") == "0.1" || r.Tag("team") == "vision");
        await AssertMatchesAsync(dataSource, "(params.lr = '0.1' OR tags.team = 'vision') AND metrics.accuracy > 0.05",
            r => (r.Param("lr") == "0.1" || r.Tag("team") == "vision") && r.Metric("accuracy") > 0.05);
        await AssertMatchesAsync(dataSource, "params.lr = '0.1' OR tags.team = 'vision' AND metrics.accuracy > 0.05",
            r => r.Param("lr") == "0.1" || (r.Tag("team") == "vision" && r.Metric("accuracy") > 0.05));
        await AssertMatchesAsync(dataSource, "(status = 'FINISHED' OR status = 'FAILED') AND (user_id = 'alice' OR params.optimizer = 'sgd')",
            r => r.Status is "FINISHED" or "FAILED" && (r.CreatedBy == "alice" || r.Param("optimizer") == "sgd"));
    }

    [Fact]
    public async Task NotNegatesWholeComparisonsAndEqualityNeedsTheValueToExist()
    {
        await using var dataSource = await CreateSeededAsync("search_not");

        await AssertMatchesAsync(dataSource, "params.lr != '0.1'", r => r.Param("lr") is { } lr && lr != "0.1");
        await AssertMatchesAsync(dataSource, "NOT params.lr = '0.1'", r => r.Param("lr") != "0.1");
        await AssertMatchesAsync(dataSource, "NOT metrics.accuracy > 0.1", r => !(r.Metric("accuracy") > 0.1));
        await AssertMatchesAsync(dataSource, "NOT (params.lr = '0.1' OR tags.team = 'vision')", r => !(r.Param("lr") == "0.1" || r.Tag("team") == "vision"));
        await AssertMatchesAsync(dataSource, "NOT end_time > 0", r => r.End is null);
    }

    [Fact]
    public async Task LikeIsCaseSensitiveAndILikeIsNot()
    {
        await using var dataSource = await CreateSeededAsync("search_like");

        await AssertMatchesAsync(dataSource, "params.optimizer LIKE 'A%'", r => r.Param("optimizer") == "Adam");
        await AssertMatchesAsync(dataSource, "params.optimizer LIKE 'a%'", _ => false);
        await AssertMatchesAsync(dataSource, "params.optimizer ILIKE 'a%'", r => r.Param("optimizer") == "Adam");
        await AssertMatchesAsync(dataSource, "params.optimizer NOT LIKE 'A%'", r => r.Param("optimizer") == "sgd");
        await AssertMatchesAsync(dataSource, "tags.team NOT ILIKE '%IS%'", r => r.Tag("team") is "nlp" or "speech");
        await AssertMatchesAsync(dataSource, "run_name LIKE 'run-1_'", r => r.Name.StartsWith("run-1", StringComparison.Ordinal));
        await AssertMatchesAsync(dataSource, "run_id LIKE '%-00000000001_'", r => r.Index is >= 9 and <= 18);
    }

    [Fact]
    public async Task InListsMatchAnyValueAndNotInNeedsTheValueToExist()
    {
        await using var dataSource = await CreateSeededAsync("search_in");
        var three = Runs[3].Id.ToString("D");
        var five = Runs[5].Id.ToString("N");

        await AssertMatchesAsync(dataSource, "tags.team IN ('nlp', 'speech')", r => r.Tag("team") is "nlp" or "speech");
        await AssertMatchesAsync(dataSource, "tags.team NOT IN ('nlp', 'speech')", r => r.Tag("team") == "vision");
        await AssertMatchesAsync(dataSource, "status IN ('RUNNING', 'KILLED')", r => r.Status is "RUNNING" or "KILLED");
        await AssertMatchesAsync(dataSource, $"run_id IN ('{three}', '{five}')", r => r.Index is 3 or 5);
        await AssertMatchesAsync(dataSource, $"run_id NOT IN ('{three}')", r => r.Index != 3);
    }

    [Fact]
    public async Task MetricComparisonsUseTheLatestValueAndSkipRunsWithoutTheMetric()
    {
        await using var dataSource = await CreateSeededAsync("search_metric");

        await AssertMatchesAsync(dataSource, "metrics.accuracy > 0.05", r => r.Metric("accuracy") > 0.05);
        await AssertMatchesAsync(dataSource, "metrics.accuracy >= 0.05", r => r.Metric("accuracy") >= 0.05);
        await AssertMatchesAsync(dataSource, "metric.accuracy < 0.03", r => r.Metric("accuracy") < 0.03);
        await AssertMatchesAsync(dataSource, "metrics.accuracy <= 0.03", r => r.Metric("accuracy") <= 0.03);
        await AssertMatchesAsync(dataSource, "metrics.accuracy = 0.07", r => r.Metric("accuracy") == 0.07);
        await AssertMatchesAsync(dataSource, "metrics.accuracy != 0.07", r => r.Metric("accuracy") is { } a && a != 0.07);
        await AssertMatchesAsync(dataSource, "metrics.loss < 0.85 AND metrics.accuracy >= 0.1", r => r.Metric("loss") < 0.85 && r.Metric("accuracy") >= 0.1);
        await AssertMatchesAsync(dataSource, "metrics.`f1 score` > 0", r => r.Metric("f1 score") > 0);
    }

    [Fact]
    public async Task TimeComparisonsTakeEpochMillisecondsOrIsoTimestamps()
    {
        await using var dataSource = await CreateSeededAsync("search_time");
        var tenth = Runs[10].Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        await AssertMatchesAsync(dataSource, $"start_time >= {tenth}", r => r.Index >= 10);
        await AssertMatchesAsync(dataSource, $"attributes.start_time = {tenth}", r => r.Index == 10);
        await AssertMatchesAsync(dataSource, "start_time < '2024-01-01T00:05:00Z'", r => r.Index < 5);
        await AssertMatchesAsync(dataSource, "end_time <= '2024-01-01T00:10:30+00:00'", r => r.End <= Epoch.AddMinutes(10).AddSeconds(30));
        await AssertMatchesAsync(dataSource, "end_time != '2024-01-01T00:01:30Z'", r => r.End is { } end && end != Epoch.AddSeconds(90));
    }

    [Fact]
    public async Task SearchesStayInsideTheRequestedExperiments()
    {
        await using var dataSource = await CreateSeededAsync("search_experiments");

        var onlyA = await SearchAllAsync(dataSource, "params.lr = '0.1'", pageSize: 100);
        var both = await SearchAllAsync(dataSource, $"experiment_id = '{ExperimentB}'", pageSize: 100, experiments: [ExperimentA, ExperimentB]);

        Assert.Equal(Expected(r => r.Param("lr") == "0.1"), onlyA);
        Assert.Equal(Runs.Where(r => r.ExperimentId == ExperimentB).OrderByDescending(r => r.Start).Select(r => r.Id), both);
    }

    [Fact]
    public async Task OrderingByAMetricPutsRunsWithoutItLastInBothDirections()
    {
        await using var dataSource = await CreateSeededAsync("search_order_metric");
        var active = Runs.Where(r => r.ExperimentId == ExperimentA && !r.Deleted).ToList();
        var withAccuracy = active.Where(r => r.Metric("accuracy") is not null);
        var without = active.Where(r => r.Metric("accuracy") is null).OrderBy(r => r.Index).Select(r => r.Id);

        var descending = await SearchAllAsync(dataSource, null, ["metrics.accuracy DESC"], pageSize: 1000);
        var ascending = await SearchAllAsync(dataSource, null, ["metrics.accuracy"], pageSize: 1000);

        Assert.Equal(withAccuracy.OrderByDescending(r => r.Metric("accuracy")).ThenBy(r => r.Index).Select(r => r.Id).Concat(without), descending);
        Assert.Equal(withAccuracy.OrderBy(r => r.Metric("accuracy")).ThenBy(r => r.Index).Select(r => r.Id).Concat(without), ascending);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task PagingReturnsEveryMatchingRunExactlyOnceInOrder(int pageSize)
    {
        await using var dataSource = await CreateSeededAsync("search_pages");
        string[][] orders =
        [
            [], ["metrics.accuracy DESC"], ["metrics.accuracy ASC"], ["params.lr ASC", "tags.team DESC"], ["run_name DESC"],
            ["end_time"], ["attributes.end_time DESC"], ["status", "start_time"], ["run_id"], ["tags.team", "metrics.accuracy DESC"],
        ];

        foreach (var filter in new[] { null, "metrics.loss < 0.9 OR tags.team = 'nlp'" })
        {
            foreach (var order in orders)
            {
                var whole = await SearchAllAsync(dataSource, filter, order, pageSize: 1000);
                var paged = await SearchAllAsync(dataSource, filter, order, pageSize);

                Assert.True(whole.SequenceEqual(paged), $"order [{string.Join(", ", order)}], filter {filter}, page size {pageSize}");
                Assert.Equal(whole.Count, whole.Distinct().Count());
                Assert.Equal(Expected(r => filter is null || r.Metric("loss") < 0.9 || r.Tag("team") == "nlp").Order(), whole.Order());
            }
        }
    }

    [Fact]
    public async Task DeletedRunsAreExcludedUnlessAskedFor()
    {
        await using var dataSource = await CreateSeededAsync("search_deleted");

        var page = await RunSearchSql.ExecuteAsync(dataSource, Request(null, pageSize: 1000), CancellationToken.None);
        var withDeleted = await RunSearchSql.ExecuteAsync(
            dataSource, new RunSearchRequest { ExperimentIds = [ExperimentA], PageSize = 1000, IncludeDeleted = true }, CancellationToken.None);

        Assert.DoesNotContain(Runs[28].Id, page.RunIds);
        Assert.Equal(29, page.RunIds.Count);
        Assert.Contains(Runs[28].Id, withDeleted.RunIds);
        Assert.Equal(30, withDeleted.RunIds.Count);
    }

    [Theory]
    [InlineData("params.lr = '0.1''; DROP TABLE runs; --'")]
    [InlineData("params.`lr'; DELETE FROM runs; --` = '0.1'")]
    [InlineData("run_name = 'x'' OR ''1''=''1'")]
    [InlineData("tags.team LIKE '%''; TRUNCATE run_tags; --'")]
    [InlineData("metrics.`accuracy\"; DROP TABLE runs; --` > 0")]
    public async Task InjectionStringsAreLiteralsThatMatchNothingAndLeaveTheTablesIntact(string filter)
    {
        await using var dataSource = await CreateSeededAsync("search_injection");

        var query = RunSearchSql.Build(Request(filter));
        var page = await RunSearchSql.ExecuteAsync(dataSource, Request(filter), CancellationToken.None);

        Assert.DoesNotContain(";", query.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("--", query.Sql, StringComparison.Ordinal);
        Assert.Empty(page.RunIds);
        Assert.Equal(Runs.Length, await CountAsync(dataSource, "SELECT count(*) FROM runs"));
        Assert.Equal(Runs.Sum(r => r.Tags.Count), await CountAsync(dataSource, "SELECT count(*) FROM run_tags"));
    }

    [Fact]
    public void TheSqlCarriesKeysValuesAndPatternsOnlyAsParameters()
    {
        var query = RunSearchSql.Build(Request(
            "params.marker_key = 'marker_value' OR tags.`marker tag` LIKE 'marker%' OR metrics.marker_metric > 12345",
            ["params.marker_order DESC"]));

        Assert.DoesNotContain("marker", query.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", query.Sql, StringComparison.Ordinal);
        Assert.Contains("EXISTS (SELECT 1 FROM run_params x WHERE x.run_id = r.id AND x.key = $", query.Sql, StringComparison.Ordinal);
        Assert.Contains("LEFT JOIN run_params o0 ON o0.run_id = r.id AND o0.key = $1", query.Sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY o0.value DESC NULLS LAST, r.id", query.Sql, StringComparison.Ordinal);
        Assert.Equal(
            ["marker_order", "marker_key", "marker_value", "marker tag", "marker%", "marker_metric"],
            query.Parameters.Select(p => p.Value).OfType<string>());
        Assert.Contains((object)12345.0, query.Parameters.Select(p => p.Value));
        Assert.Equal(101, query.Parameters[^1].Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void PageSizesOutsideOneToAThousandAreRefused(int pageSize)
    {
        var error = Assert.Throws<MLOpsException>(() => RunSearchSql.Build(Request(null, pageSize: pageSize)));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Contains("between 1 and the limit of 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASearchNeedsAnExperimentAndAtMostTenOrderings()
    {
        var noExperiment = Assert.Throws<MLOpsException>(() => RunSearchSql.Build(new RunSearchRequest { ExperimentIds = [] }));
        var tooMany = Assert.Throws<MLOpsException>(() => RunSearchSql.Build(Request(null, [.. Enumerable.Repeat("start_time", 11)])));

        Assert.Equal(ErrorCodes.Validation, noExperiment.Code);
        Assert.Equal(ErrorCodes.Validation, tooMany.Code);
        Assert.Contains("limit of 10", tooMany.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageTokensThatAreMalformedTamperedOrFromAnotherSearchAreRefused()
    {
        await using var dataSource = await CreateSeededAsync("search_tokens");
        var first = await RunSearchSql.ExecuteAsync(dataSource, Request("metrics.loss < 0.9", ["metrics.accuracy DESC"], pageSize: 2), CancellationToken.None);
        var token = Assert.IsType<string>(first.NextPageToken);
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        string Reencode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
        var valueStart = json.IndexOf("\"v\":[", StringComparison.Ordinal) + 5;

        string[] malformed =
        [
            "not a token!", "e30", Reencode("[]"), token[..^4], Reencode(json.Insert(valueStart, "\"extra\",")),
            Reencode(json[..valueStart] + "\"not-a-number\"" + json[json.IndexOf(']', valueStart)..]),
        ];
        foreach (var bad in malformed)
        {
            var error = await Assert.ThrowsAsync<MLOpsException>(() => RunSearchSql.ExecuteAsync(
                dataSource, Request("metrics.loss < 0.9", ["metrics.accuracy DESC"], pageSize: 2, pageToken: bad), CancellationToken.None));
            Assert.Equal(ErrorCodes.Validation, error.Code);
            Assert.Contains("page token is malformed", error.Message, StringComparison.Ordinal);
        }

        var otherSearch = await Assert.ThrowsAsync<MLOpsException>(() => RunSearchSql.ExecuteAsync(
            dataSource, Request("metrics.loss < 0.8", ["metrics.accuracy DESC"], pageSize: 2, pageToken: token), CancellationToken.None));
        Assert.Equal(ErrorCodes.Validation, otherSearch.Code);
        Assert.Contains("different search", otherSearch.Message, StringComparison.Ordinal);
    }

    private static RunSearchRequest Request(string? filter, string[]? orderBy = null, int pageSize = 100, string? pageToken = null, Guid[]? experiments = null) =>
        new() { ExperimentIds = experiments ?? [ExperimentA], Filter = filter, OrderBy = orderBy ?? [], PageSize = pageSize, PageToken = pageToken };

    /// <summary>Active runs of experiment A matching the predicate, in the default order (newest start first).</summary>
    private static Guid[] Expected(Func<SeedRun, bool> predicate) =>
        [.. Runs.Where(r => r.ExperimentId == ExperimentA && !r.Deleted && predicate(r)).OrderByDescending(r => r.Start).Select(r => r.Id)];

    private static async Task AssertMatchesAsync(NpgsqlDataSource dataSource, string filter, Func<SeedRun, bool> predicate)
    {
        var expected = Expected(predicate);
        var actual = await SearchAllAsync(dataSource, filter, pageSize: 1000);

        Assert.True(expected.SequenceEqual(actual), $"{filter}: expected [{Names(expected)}] but got [{Names(actual)}]");
    }

    private static string Names(IEnumerable<Guid> ids) => string.Join(", ", ids.Select(id => Runs.Single(r => r.Id == id).Name));

    /// <summary>Follows next-page tokens to the end, checking every page but the last is full.</summary>
    private static async Task<List<Guid>> SearchAllAsync(
        NpgsqlDataSource dataSource, string? filter, string[]? orderBy = null, int pageSize = 100, Guid[]? experiments = null)
    {
        var ids = new List<Guid>();
        string? token = null;
        do
        {
            var page = await RunSearchSql.ExecuteAsync(dataSource, Request(filter, orderBy, pageSize, token, experiments), CancellationToken.None);
            Assert.True(page.RunIds.Count <= pageSize);
            Assert.True(page.NextPageToken is null || page.RunIds.Count == pageSize);
            ids.AddRange(page.RunIds);
            token = page.NextPageToken;
        }
        while (token is not null);

        return ids;
    }

    private Task<NpgsqlDataSource> CreateSeededAsync(string purpose) => SearchSeed.CreateAsync(infrastructure, purpose);

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
