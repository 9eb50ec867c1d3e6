using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;
using OpenTelemetry.Trace;

namespace MLOps.IntegrationTests.Observability;

[Collection(IsolatedInfrastructureCollection.Name)]
public sealed class TracingTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task OneRequestThatCallsAGrainThatQueriesPostgresIsOneTraceWithHttpGrainAndSqlSpans()
    {
        var trace = await TraceGraphQLAsync("tracing", "{ cluster { silos { address status } } }",
            spans => spans.Any(a => IsGraphQLHttpSpan(a)));

        var http = Assert.Single(trace, IsGraphQLHttpSpan);
        var grain = Assert.Single(trace, a => a.Source.Name == "Microsoft.Orleans.Application" && a.Kind == ActivityKind.Server
            && a.DisplayName.Contains("GetSilos", StringComparison.Ordinal));
        var sql = Assert.Single(trace, a => IsSql(a, "orleans_membership_entry"));
        Assert.True(IsDescendantOf(sql, grain, trace), "The SQL span is not inside the grain call's span.");
        Assert.True(IsDescendantOf(grain, http, trace), "The grain call's span is not inside the HTTP request's span.");
    }

    [Fact]
    public async Task AGraphQLOperationIsASpanNamedByItWithTheGrainCallAndSqlBelowIt()
    {
        var trace = await TraceGraphQLAsync("tracing_ops", "mutation { createModel(name: \"traced\") { name } }",
            spans => spans.Any(a => a.Source.Name == "MLOps.Api"));

        var operation = Assert.Single(trace, a => a.Source.Name == "MLOps.Api");
        Assert.Equal("mutation createModel", operation.DisplayName);
        var grain = Assert.Single(trace, a => a.Source.Name == "Microsoft.Orleans.Application" && a.Kind == ActivityKind.Server
            && a.DisplayName.Contains("IRegisteredModelGrain", StringComparison.Ordinal));
        var insert = Assert.Single(trace, a => IsSql(a, "INSERT INTO registered_models"));
        Assert.True(IsDescendantOf(grain, operation, trace), "The grain call is not inside the GraphQL operation's span.");
        Assert.True(IsDescendantOf(insert, grain, trace), "The INSERT is not inside the grain call's span.");
    }

    /// <summary>
    /// Posts one GraphQL document to a fresh server under a recorded trace of the test's own and returns that
    /// trace's exported spans once <paramref name="complete"/> holds (spans export as they end).
    /// </summary>
    private async Task<List<Activity>> TraceGraphQLAsync(string purpose, string query, Func<List<Activity>, bool> complete)
    {
        var exported = new List<Activity>();
        await using var server = new ServerFactory(
                await infrastructure.CreateDatabaseAsync(purpose), infrastructure.ArtifactsConnectionString, "trace-" + Guid.NewGuid().ToString("N")[..8])
            .WithServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = server.StartAndCreateClient();

        // The caller's own trace context travels in traceparent; every span of this request joins its trace,
        // which tells them apart from spans of servers that other tests run in this process.
        using var caller = new Activity("test-caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        using (var response = await client.PostAsync(
            "/graphql", new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        caller.Stop();
        List<Activity> trace = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(100);
            lock (exported)
            {
                trace = [.. exported.Where(a => a.TraceId == caller.TraceId)];
            }

            if (complete(trace))
            {
                break;
            }
        }

        return trace;
    }

    private static bool IsGraphQLHttpSpan(Activity activity) =>
        activity.Source.Name == "Microsoft.AspNetCore" && activity.Kind == ActivityKind.Server && activity.GetTagItem("url.path") as string == "/graphql";

    private static bool IsSql(Activity activity, string fragment) =>
        activity.Source.Name == "Npgsql"
        && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string text
        && text.Contains(fragment, StringComparison.Ordinal);

    private static bool IsDescendantOf(Activity child, Activity ancestor, List<Activity> trace)
    {
        var byId = trace.ToDictionary(a => a.SpanId);
        var current = child;
        while (current.ParentSpanId != default)
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }

            if (!byId.TryGetValue(current.ParentSpanId, out current!))
            {
                return false;
            }
        }

        return false;
    }
}
