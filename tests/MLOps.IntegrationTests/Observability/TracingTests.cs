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
        var exported = new List<Activity>();
        await using var server = new ServerFactory(
                await infrastructure.CreateDatabaseAsync("tracing"), infrastructure.ArtifactsConnectionString, "trace-" + Guid.NewGuid().ToString("N")[..8])
            .WithServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = server.StartAndCreateClient();

        // The caller's own trace context travels in traceparent; every span of this request joins its trace,
        // which tells them apart from spans of servers that other tests run in this process.
        using var caller = new Activity("test-caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        using (var response = await client.PostAsync(
            "/graphql", new StringContent(JsonSerializer.Serialize(new { query = "{ cluster { silos { address status } } }" }), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        caller.Stop();

        // Spans are exported as they end; the HTTP span ends last, just after the response is written.
        Activity? http = null;
        Activity[] snapshot = [];
        for (var attempt = 0; attempt < 50 && http is null; attempt++)
        {
            await Task.Delay(100);
            lock (exported)
            {
                snapshot = [.. exported];
            }

            http = snapshot.FirstOrDefault(a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server
                && a.TraceId == caller.TraceId && a.GetTagItem("url.path") as string == "/graphql");
        }

        Assert.NotNull(http);
        var trace = snapshot.Where(a => a.TraceId == http.TraceId).ToList();
        var grain = Assert.Single(trace, a => a.Source.Name == "Microsoft.Orleans.Application" && a.Kind == ActivityKind.Server
            && a.DisplayName.Contains("GetSilos", StringComparison.Ordinal));
        var sql = Assert.Single(trace, a => a.Source.Name == "Npgsql"
            && (a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement")) is string text
            && text.Contains("orleans_membership_entry", StringComparison.Ordinal));
        Assert.True(IsDescendantOf(sql, grain, trace), "The SQL span is not inside the grain call's span.");
        Assert.True(IsDescendantOf(grain, http, trace), "The grain call's span is not inside the HTTP request's span.");
    }

    [Fact]
    public async Task AGraphQLOperationIsASpanNamedByItWithTheGrainCallAndSqlBelowIt()
    {
        var exported = new List<Activity>();
        await using var server = new ServerFactory(
                await infrastructure.CreateDatabaseAsync("tracing_ops"), infrastructure.ArtifactsConnectionString, "trace-" + Guid.NewGuid().ToString("N")[..8])
            .WithServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));
        using var client = server.StartAndCreateClient();
        using var caller = new Activity("test-caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;

        using (var response = await client.PostAsync("/graphql", new StringContent(
            JsonSerializer.Serialize(new { query = "mutation { createModel(name: \"traced\") { name } }" }), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        caller.Stop();
        Activity[] trace = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(100);
            lock (exported)
            {
                trace = [.. exported.Where(a => a.TraceId == caller.TraceId)];
            }

            if (trace.Any(a => a.Source.Name == "MLOps.Api"))
            {
                break;
            }
        }

        var operation = Assert.Single(trace, a => a.Source.Name == "MLOps.Api");
        Assert.Equal("mutation createModel", operation.DisplayName);
        var grain = Assert.Single(trace, a => a.Source.Name == "Microsoft.Orleans.Application" && a.Kind == ActivityKind.Server
            && a.DisplayName.Contains("IRegisteredModelGrain", StringComparison.Ordinal));
        var insert = Assert.Single(trace, a => a.Source.Name == "Npgsql"
            && (a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement")) is string text
            && text.Contains("INSERT INTO registered_models", StringComparison.Ordinal));
        var byId = trace.ToList();
        Assert.True(IsDescendantOf(grain, operation, byId), "The grain call is not inside the GraphQL operation's span.");
        Assert.True(IsDescendantOf(insert, grain, byId), "The INSERT is not inside the grain call's span.");
    }

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
