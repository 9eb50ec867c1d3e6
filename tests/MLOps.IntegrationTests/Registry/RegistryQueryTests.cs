using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Registry;

/// <summary>Listing costs, cursor pagination and the document limits.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryQueryTests(ServerFixture fixture)
{
    [Fact]
    public async Task ListingAHundredModelsWithVersionsAndAliasesCostsAFixedNumberOfQueries()
    {
        var prefix = "bulk" + Guid.NewGuid().ToString("N")[..6];
        var sha = await fixture.Client.UploadAsync(OnnxTestModels.Linear(2, 1, seed: 7).ToBytes());
        for (var i = 0; i < 100; i++)
        {
            var name = $"{prefix}-{i:D3}";
            await fixture.Client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
            await fixture.Client.DataAsync("mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }", new { n = name, s = sha });
            await fixture.Client.DataAsync("mutation($n: String!) { setModelAlias(modelName: $n, alias: \"champion\", version: 1) { version } }", new { n = name });
        }

        var commands = new ConcurrentBag<string>();
        using var caller = new Activity("test-caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == caller.TraceId)
                {
                    commands.Add(activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var data = await fixture.Client.DataAsync(
            "query($p: String!) { models(first: 100, filter: { nameContains: $p }) { nodes { name versions { version status aliases } aliases { alias version } } } }",
            new { p = prefix });

        var nodes = data.GetProperty("models").GetProperty("nodes");
        Assert.Equal(100, nodes.GetArrayLength());
        Assert.All(nodes.EnumerateArray(), n => Assert.Equal("champion", n.GetProperty("aliases")[0].GetProperty("alias").GetString()));
        // API key lookup, the models page, versions of the page, aliases of the page: 4, whatever the page size.
        Assert.InRange(commands.Count, 3, 4);
    }

    [Fact]
    public async Task PagingWithCursorsSeesEveryModelOnceWhileModelsAreAdded()
    {
        var prefix = "page" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 7; i++)
        {
            await fixture.Client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = $"{prefix}-{i * 2:D2}" });
        }

        var seen = new List<string>();
        string? after = null;
        var page = 0;
        do
        {
            var data = await fixture.Client.DataAsync(
                "query($p: String!, $a: String) { models(first: 3, after: $a, filter: { nameContains: $p }) { nodes { name } pageInfo { hasNextPage endCursor } } }",
                new { p = prefix, a = after });
            var models = data.GetProperty("models");
            seen.AddRange(models.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!));
            after = models.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? models.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
            if (page++ == 0)
            {
                // Added behind the cursor (not seen) and ahead of it (seen once).
                await fixture.Client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = $"{prefix}-00a" });
                await fixture.Client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = $"{prefix}-09" });
            }
        }
        while (after is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Contains($"{prefix}-09", seen);
        Assert.DoesNotContain($"{prefix}-00a", seen);
        Assert.Equal(8, seen.Count);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync("{ models(after: \"bm9wZQ==\") { nodes { name } } }")).Code);
        Assert.Equal("LIMIT_EXCEEDED", (await fixture.Client.ErrorAsync("{ models(first: 1000) { nodes { name } } }")).Code);
    }

    [Fact]
    public async Task TooDeepAndTooComplexDocumentsAreRefusedBeforeExecution()
    {
        var nested = "{ __schema { types { fields { type " + string.Concat(Enumerable.Repeat("{ ofType ", 24)) + "{ name }"
            + string.Concat(Enumerable.Repeat(" }", 24)) + " } } } }";
        using var tooDeep = await fixture.Client.PostAsJsonAsync("/graphql", new { query = nested });
        var wide = "{ " + string.Join(" ", Enumerable.Range(0, 400).Select(i => $"m{i}: models(first: 100) {{ nodes {{ versions {{ aliases }} }} }}")) + " }";
        using var tooComplex = await fixture.Client.PostAsJsonAsync("/graphql", new { query = wide });

        // Legacy application/json clients get 200 with the error; nothing was executed, so there is no data.
        Assert.Equal(HttpStatusCode.OK, tooDeep.StatusCode);
        var deepBody = await tooDeep.Content.ReadAsStringAsync();
        Assert.Contains("depth", deepBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"data\"", deepBody, StringComparison.Ordinal);
        var complexBody = await tooComplex.Content.ReadAsStringAsync();
        Assert.Contains("complexity", complexBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"data\"", complexBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntrospectionIsExemptFromComplexityButNotFromNestingItsListFields()
    {
        var full = await fixture.Client.QueryAsync(
            "{ __schema { types { name fields { name args { name type { name ofType { name } } } type { name kind ofType { name kind ofType { name } } } } } } }");
        var nested = await fixture.Client.QueryAsync(
            "{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }");

        Assert.False(full.TryGetProperty("errors", out _), full.GetRawText());
        Assert.Contains("Introspection nests list fields 4 levels deep", nested.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
