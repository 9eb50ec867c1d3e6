using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Monitoring;
using MLOps.Contracts.Monitoring;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.GraphQL.WebSockets;

/// <summary>Subscriptions over the graphql-transport-ws transport: monitoring events in, and every way out.</summary>
[Collection(ServerCollection.Name)]
public sealed class GraphQLWebSocketSubscriptionTests(ServerFixture fixture)
{
    private const string AlertSubscription = "subscription($deployment: String) { alertRaised(deployment: $deployment) { " + MonitoringNotices.AlertFields + " } }";

    private MonitoringEventHub Hub => fixture.Server.Services.GetRequiredService<MonitoringEventHub>();

    [Fact]
    public async Task AnAlertSubscriptionReceivesPublishedAlertsOfItsDeploymentOnly()
    {
        await using var client = await InitialisedAsync();
        var before = Hub.SubscriberCount;
        await client.SubscribeAsync("mine", AlertSubscription, new { deployment = "fraud-prod" });
        await client.SubscribeAsync("all", AlertSubscription);
        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before + 2, "both subscriptions reach the hub");

        var other = MonitoringNotices.Alert("churn-prod", 41);
        var raised = MonitoringNotices.Alert("fraud-prod", 42);
        var resolved = MonitoringNotices.Alert("fraud-prod", 42, "RESOLVED");
        Hub.Publish(new MonitoringNotice(other, null));
        Hub.Publish(new MonitoringNotice(null, MonitoringNotices.Window("fraud-prod")));
        Hub.Publish(new MonitoringNotice(raised, null));
        Hub.Publish(new MonitoringNotice(resolved, null));

        var received = new List<JsonElement>();
        for (var i = 0; i < 5; i++)
        {
            received.Add(await client.ReceiveAsync());
        }

        Assert.All(received, message => Assert.Equal("next", message.GetProperty("type").GetString()));
        var mine = received.Where(m => m.GetProperty("id").GetString() == "mine").Select(Alert).ToList();
        var all = received.Where(m => m.GetProperty("id").GetString() == "all").Select(Alert).ToList();
        Assert.Equal(["FIRING", "RESOLVED"], mine.Select(a => a.GetProperty("state").GetString()));
        Assert.Equal(["churn-prod", "fraud-prod", "fraud-prod"], all.Select(a => a.GetProperty("deployment").GetString()));

        var alert = mine[0];
        Assert.Equal(42, alert.GetProperty("id").GetInt64());
        Assert.Equal(raised.RuleId, alert.GetProperty("ruleId").GetGuid());
        Assert.Equal(raised.RuleName, alert.GetProperty("ruleName").GetString());
        Assert.Equal(raised.Metric, alert.GetProperty("metric").GetString());
        Assert.Equal(raised.Feature, alert.GetProperty("feature").GetString());
        Assert.Equal(raised.Value, alert.GetProperty("value").GetDouble());
        Assert.Equal(raised.Threshold, alert.GetProperty("threshold").GetDouble());
        Assert.Equal(raised.WindowStart, alert.GetProperty("windowStart").GetDateTimeOffset());
        Assert.Equal(raised.WindowEnd, alert.GetProperty("windowEnd").GetDateTimeOffset());
        Assert.Equal(raised.Message, alert.GetProperty("message").GetString());
        Assert.Equal(raised.At, alert.GetProperty("at").GetDateTimeOffset());
        await client.AssertSilentAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task AWindowClosedSubscriptionReceivesEveryFieldOfTheWindow()
    {
        await using var client = await InitialisedAsync();
        var before = Hub.SubscriberCount;
        await client.SubscribeAsync("w", "subscription { windowClosed(deployment: \"iris-prod\") { deployment modelName version windowStart windowEnd count driftShare datasetDrift } }");
        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before + 1, "the subscription reaches the hub");

        var window = MonitoringNotices.Window("iris-prod") with { DriftShare = 0.6, DatasetDrift = true };
        Hub.Publish(new MonitoringNotice(null, MonitoringNotices.Window("other")));
        Hub.Publish(new MonitoringNotice(MonitoringNotices.Alert("iris-prod", 1), null));
        Hub.Publish(new MonitoringNotice(null, window));

        var next = await client.ReceiveAsync();
        var seen = next.GetProperty("payload").GetProperty("data").GetProperty("windowClosed");
        Assert.Equal("iris-prod", seen.GetProperty("deployment").GetString());
        Assert.Equal(window.ModelName, seen.GetProperty("modelName").GetString());
        Assert.Equal(window.Version, seen.GetProperty("version").GetInt32());
        Assert.Equal(window.WindowStart, seen.GetProperty("windowStart").GetDateTimeOffset());
        Assert.Equal(window.WindowEnd, seen.GetProperty("windowEnd").GetDateTimeOffset());
        Assert.Equal(window.Count, seen.GetProperty("count").GetInt64());
        Assert.Equal(0.6, seen.GetProperty("driftShare").GetDouble());
        Assert.True(seen.GetProperty("datasetDrift").GetBoolean());
    }

    [Fact]
    public async Task CompleteFromTheClientUnsubscribesAndNothingMoreIsSent()
    {
        await using var client = await InitialisedAsync();
        var before = Hub.SubscriberCount;
        await client.SubscribeAsync("a", AlertSubscription);
        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before + 1, "the subscription reaches the hub");

        await client.SendAsync(new { id = "a", type = "complete" });

        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before, "the completed subscription leaves the hub");
        Hub.Publish(new MonitoringNotice(MonitoringNotices.Alert("any", 7), null));
        await client.AssertSilentAsync(TimeSpan.FromMilliseconds(300));

        // The id may be used again.
        await client.SubscribeAsync("a", AlertSubscription);
        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before + 1, "the new subscription reaches the hub");
    }

    [Fact]
    public async Task ClosingTheSocketDisposesEverySubscription()
    {
        var before = Hub.SubscriberCount;
        var client = await InitialisedAsync();
        await client.SubscribeAsync("a", AlertSubscription);
        await client.SubscribeAsync("b", "subscription { windowClosed { deployment } }");
        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before + 2, "both subscriptions reach the hub");

        await client.DisposeAsync();

        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before, "the closed socket's subscriptions leave the hub");
    }

    [Fact]
    public async Task DroppingTheConnectionWithoutACloseDisposesEverySubscription()
    {
        var before = Hub.SubscriberCount;
        var client = await InitialisedAsync();
        await client.SubscribeAsync("a", AlertSubscription);
        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before + 1, "the subscription reaches the hub");

        client.Socket.Abort();

        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before, "the dropped socket's subscription leaves the hub");
        await client.DisposeAsync();
    }

    private static JsonElement Alert(JsonElement next) => next.GetProperty("payload").GetProperty("data").GetProperty("alertRaised");

    private async Task<GraphQLWsTestClient> InitialisedAsync()
    {
        var client = await GraphQLWsTestClient.ConnectAsync(fixture.Client.BaseAddress!);
        await client.InitAsync(new { apiKey = fixture.Server.AdminKey });
        return client;
    }
}
