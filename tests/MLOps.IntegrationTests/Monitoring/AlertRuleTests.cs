using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Contracts.Monitoring;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;
using Npgsql;

namespace MLOps.IntegrationTests.Monitoring;

/// <summary>Alert rules judged on closed windows: once per rule and window, kept firing, resolved, raised again.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class AlertRuleTests(MonitoringFixture fixture)
{
    [Fact]
    public async Task ARuleFiresOncePerWindowStaysFiringWhileTheConditionHoldsAndResolvesWhenItClears()
    {
        var deployment = await DeploymentAsync();
        await fixture.Client.DataAsync("""
            mutation($n: String!) {
              setAlertRule(deployment: $n, rule: { name: "errors", metric: "ERROR_RATE", threshold: 0.1, minSamples: 100 }) { id }
            }
            """, new { n = deployment });
        var monitor = fixture.Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IDeploymentMonitorGrain>(deployment);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await monitor.WindowClosedAsync(Window(start, errorRate: 0.5, requests: 200));
        await monitor.WindowClosedAsync(Window(start, errorRate: 0.5, requests: 200));
        var alerts = await AlertsAsync(deployment);
        Assert.Single(alerts);
        Assert.Equal(("FIRING", start), (alerts[0].State, alerts[0].LastWindow));

        await monitor.WindowClosedAsync(Window(start.AddMinutes(1), errorRate: 0.3, requests: 200));
        alerts = await AlertsAsync(deployment);
        Assert.Single(alerts);
        Assert.Equal(start.AddMinutes(1), alerts[0].LastWindow);

        // Too few requests to judge: nothing changes, the alert neither resolves nor re-fires.
        await monitor.WindowClosedAsync(Window(start.AddMinutes(2), errorRate: 0.0, requests: 10));
        Assert.Equal("FIRING", Assert.Single(await AlertsAsync(deployment)).State);

        await monitor.WindowClosedAsync(Window(start.AddMinutes(3), errorRate: 0.01, requests: 200));
        alerts = await AlertsAsync(deployment);
        Assert.Equal("RESOLVED", Assert.Single(alerts).State);

        await monitor.WindowClosedAsync(Window(start.AddMinutes(4), errorRate: 0.9, requests: 200));
        alerts = await AlertsAsync(deployment);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(["FIRING", "RESOLVED"], alerts.Select(a => a.State).Order());
        Assert.Equal(2, await EventsAsync("alert.raised", deployment));
        Assert.Equal(1, await EventsAsync("alert.resolved", deployment));

        // Setting the rule again under its name updates it in place: same id, its firing alert still attached.
        const string Set = "mutation($n: String!) { setAlertRule(deployment: $n, rule: { name: \"errors\", metric: \"ERROR_RATE\", threshold: 0.2, minSamples: 100 }) { id threshold } }";
        var ids = await fixture.Client.DataAsync("query($n: String!) { deployment(name: $n) { monitoring { alertRules { id } } } }", new { n = deployment });
        var updated = (await fixture.Client.DataAsync(Set, new { n = deployment })).GetProperty("setAlertRule");
        Assert.Equal(ids.GetProperty("deployment").GetProperty("monitoring").GetProperty("alertRules")[0].GetProperty("id").GetString(), updated.GetProperty("id").GetString());
        Assert.Equal(0.2, updated.GetProperty("threshold").GetDouble());
        Assert.Contains(await AlertsAsync(deployment), a => a.State == "FIRING");

        // Deleting the rule resolves what it left firing.
        await fixture.Client.DataAsync("mutation($n: String!) { deleteAlertRule(deployment: $n, name: \"errors\") }", new { n = deployment });
        Assert.All(await AlertsAsync(deployment), a => Assert.Equal("RESOLVED", a.State));
        Assert.Equal(2, await EventsAsync("alert.resolved", deployment));
    }

    [Fact]
    public async Task BadRulesAndBadMonitoringSettingsAreRefusedWithTheirCodes()
    {
        var deployment = await DeploymentAsync();
        const string Set = "mutation($n: String!, $r: AlertRuleInput!) { setAlertRule(deployment: $n, rule: $r) { id } }";
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Set, new { n = deployment, r = new { name = "x", metric = "NOPE", threshold = 1.0 } })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Set, new { n = deployment, r = new { name = "x", metric = "FEATURE_DRIFT", threshold = 1.0 } })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Set, new { n = deployment, r = new { name = "x", metric = "F1", threshold = 1.0, comparator = "SIDEWAYS" } })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Set, new { n = deployment, r = new { name = "bad name!", metric = "F1", threshold = 1.0 } })).Code);
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync(Set, new { n = "no-such-deployment", r = new { name = "x", metric = "F1", threshold = 1.0 } })).Code);
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync("mutation($n: String!) { deleteAlertRule(deployment: $n, name: \"none\") }", new { n = deployment })).Code);
        using var reader = fixture.Server.CreateClientWithKey(await fixture.Client.CreateKeyAsync("rita", "reader"));
        Assert.Equal("FORBIDDEN", (await reader.ErrorAsync(Set, new { n = deployment, r = new { name = "x", metric = "F1", threshold = 1.0 } })).Code);

        const string Update = "mutation($n: String!, $r: [RouteInput!]!, $m: MonitoringInput!) { updateDeployment(name: $n, routes: $r, monitoring: $m) { revision } }";
        var routes = Routes(deployment);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Update, new { n = deployment, r = routes, m = new { windowSeconds = 0 } })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Update, new { n = deployment, r = routes, m = new { sampleRate = 2.0 } })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Update, new { n = deployment, r = routes, m = new { task = "RANKING" } })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Update, new { n = deployment, r = routes, m = new { featureTests = new[] { new { feature = "a", test = "MAGIC" } } } })).Code);
        var settings = await fixture.Client.DataAsync("query($n: String!) { deployment(name: $n) { revision monitoring { settings { windowSeconds task } } } }", new { n = deployment });
        Assert.Equal(1, settings.GetProperty("deployment").GetProperty("revision").GetInt32());
    }

    private static ClosedWindow Window(DateTimeOffset start, double errorRate, long requests) => new(
        "m", 1, start, start.AddMinutes(1), requests, requests,
        new Dictionary<string, double> { [AlertMetrics.ErrorRate] = errorRate }, new Dictionary<string, double>(), 0);

    private async Task<string> DeploymentAsync()
    {
        var name = "rules-" + Guid.NewGuid().ToString("N")[..8];
        await MonitoringTraffic.RegisterAsync(fixture.Client, name, OnnxTestModels.Linear(4, 1).ToBytes());
        await fixture.Client.DataAsync("mutation($n: String!) { createDeployment(name: $n, routes: [{ modelName: $n, version: 1 }]) { name } }", new { n = name });
        return name;
    }

    private static object[] Routes(string deployment) => [new { modelName = deployment, version = 1 }];

    private async Task<List<(string State, DateTimeOffset LastWindow)>> AlertsAsync(string deployment)
    {
        var data = await fixture.Client.DataAsync("query($n: String!) { deployment(name: $n) { monitoring { alerts { state lastWindow } } } }", new { n = deployment });
        return [.. data.GetProperty("deployment").GetProperty("monitoring").GetProperty("alerts").EnumerateArray()
            .Select(a => (a.GetProperty("state").GetString()!, DateTimeOffset.Parse(a.GetProperty("lastWindow").GetString()!, CultureInfo.InvariantCulture)))];
    }

    private async Task<long> EventsAsync(string type, string deployment)
    {
        await using var command = fixture.Server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT count(*) FROM registry_events WHERE event_type = @type AND payload->>'deployment' = @deployment");
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("deployment", deployment);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
