using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Monitoring;
using MLOps.Contracts.Monitoring;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.GraphQL.WebSockets;

/// <summary>The graphql-transport-ws transport at /graphql of a real server, message by message.</summary>
[Collection(ServerCollection.Name)]
public sealed class GraphQLWebSocketTests(ServerFixture fixture)
{
    private const string AlertSubscription = "subscription($deployment: String) { alertRaised(deployment: $deployment) { " + MonitoringNotices.AlertFields + " } }";

    private MonitoringEventHub Hub => fixture.Server.Services.GetRequiredService<MonitoringEventHub>();

    [Fact]
    public async Task TheHandshakeNegotiatesTheSubProtocolAndAcknowledgesAnApiKeyInTheInitPayload()
    {
        await using var client = await ConnectAsync();

        Assert.Equal(GraphQLWsTestClient.SubProtocol, client.Socket.SubProtocol);
        await client.InitAsync(new { apiKey = fixture.Server.AdminKey });
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    public async Task AnAuthorizationEntryInTheInitPayloadIsAccepted(string name)
    {
        await using var client = await ConnectAsync();

        await client.InitAsync(new Dictionary<string, string> { [name] = "Bearer " + fixture.Server.AdminKey });
    }

    [Fact]
    public async Task TheUpgradeRequestsAuthorizationHeaderIsAcceptedAsOverHttp()
    {
        await using var client = await ConnectAsync("Bearer " + fixture.Server.AdminKey);

        await client.InitAsync(null);
        await client.SubscribeAsync("q", "{ serverInfo { version } }");
        Assert.Equal("next", (await client.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AReaderKeyMaySubscribe()
    {
        var reader = await fixture.Client.CreateKeyAsync("ws-reader", "reader");
        await using var client = await ConnectAsync();
        await client.InitAsync(new { apiKey = reader });
        var before = Hub.SubscriberCount;

        await client.SubscribeAsync("alerts", AlertSubscription);

        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before + 1, "the reader's subscription reaches the hub");
    }

    [Theory]
    [InlineData("{\"apiKey\": \"mlops_not_a_real_key\"}", "UNAUTHENTICATED")]
    [InlineData("{\"Authorization\": \"Basic dXNlcjpwYXNz\"}", "UNAUTHENTICATED")]
    [InlineData("{}", "UNAUTHENTICATED")]
    public async Task AMissingOrWrongKeyClosesWith4401AndSaysWhy(string payload, string code)
    {
        await using var client = await ConnectAsync();

        await client.SendTextAsync($"{{\"type\": \"connection_init\", \"payload\": {payload}}}");

        var (status, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(4401, status);
        Assert.StartsWith(code + ": ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKeyInTheUpgradeRequestClosesWith4401()
    {
        await using var client = await ConnectAsync("Bearer mlops_not_a_real_key");

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal(4401, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task ASecondConnectionInitClosesWith4429()
    {
        await using var client = await ConnectAsync();
        await client.InitAsync(new { apiKey = fixture.Server.AdminKey });

        await client.SendAsync(new { type = "connection_init", payload = new { apiKey = fixture.Server.AdminKey } });

        Assert.Equal(4429, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task SubscribingBeforeTheAcknowledgementClosesWith4401()
    {
        await using var client = await ConnectAsync();

        await client.SubscribeAsync("1", "{ serverInfo { version } }");

        Assert.Equal(4401, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task APingIsAnsweredWithAPongBeforeAndAfterInitAndAPongNeedsNoAnswer()
    {
        await using var client = await ConnectAsync();

        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
        await client.InitAsync(new { apiKey = fixture.Server.AdminKey });
        await client.SendAsync(new { type = "ping", payload = new { at = 1 } });
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
        await client.SendAsync(new { type = "pong" });
        await client.AssertSilentAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task AQueryIsAnsweredWithOneNextAndThenComplete()
    {
        await using var client = await InitialisedAsync();

        await client.SendAsync(new
        {
            id = "q1",
            type = "subscribe",
            payload = new { query = "query Info($skip: Boolean!) { serverInfo { version instanceName @skip(if: $skip) } }", operationName = "Info", variables = new { skip = true } },
        });

        var next = await client.ReceiveAsync();
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("q1", next.GetProperty("id").GetString());
        var info = next.GetProperty("payload").GetProperty("data").GetProperty("serverInfo");
        Assert.False(string.IsNullOrEmpty(info.GetProperty("version").GetString()));
        Assert.False(info.TryGetProperty("instanceName", out _));
        var complete = await client.ReceiveAsync();
        Assert.Equal("complete", complete.GetProperty("type").GetString());
        Assert.Equal("q1", complete.GetProperty("id").GetString());
    }

    [Fact]
    public async Task EachOperationIsASpanNamedByItAsOverHttp()
    {
        var name = "Traced" + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MLOps.Api",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var client = await InitialisedAsync();

        await client.SendAsync(new { id = "t", type = "subscribe", payload = new { query = $"query {name} {{ serverInfo {{ version }} }}", operationName = name } });
        await client.ReceiveAsync();
        await client.ReceiveAsync();

        await MonitoringNotices.WaitUntilAsync(() => spans.Any(s => s.DisplayName == "query " + name), "the operation's span ends");
        var span = spans.Single(s => s.DisplayName == "query " + name);
        Assert.Equal("websocket", span.GetTagItem("graphql.transport"));
        Assert.Equal("query", span.GetTagItem("graphql.operation.type"));
        Assert.Equal(name, span.GetTagItem("graphql.operation.name"));
    }

    [Fact]
    public async Task AMutationRunsOverTheSocket()
    {
        await using var client = await InitialisedAsync();
        var name = "ws-model-" + Guid.NewGuid().ToString("N")[..8];

        await client.SubscribeAsync("m1", "mutation($name: String!) { createModel(name: $name) { name } }", new { name });

        var next = await client.ReceiveAsync();
        Assert.Equal(name, next.GetProperty("payload").GetProperty("data").GetProperty("createModel").GetProperty("name").GetString());
        Assert.Equal("complete", (await client.ReceiveAsync()).GetProperty("type").GetString());
        var data = await fixture.Client.DataAsync("query($name: String!) { model(name: $name) { name } }", new { name });
        Assert.Equal(name, data.GetProperty("model").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnInvalidDocumentIsAnsweredWithAnErrorMessageAndNoComplete()
    {
        await using var client = await InitialisedAsync();

        await client.SubscribeAsync("bad", "{ noSuchField }");

        var error = await client.ReceiveAsync();
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("bad", error.GetProperty("id").GetString());
        var errors = error.GetProperty("payload");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.Contains("noSuchField", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(errors[0].GetProperty("extensions").TryGetProperty("code", out _));
        await client.AssertSilentAsync(TimeSpan.FromMilliseconds(300));

        // The id is free again, and the connection still works.
        await client.SubscribeAsync("bad", "{ serverInfo { version } }");
        Assert.Equal("next", (await client.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task ReusingTheIdOfARunningSubscriptionClosesWith4409()
    {
        await using var client = await InitialisedAsync();
        var before = Hub.SubscriberCount;
        await client.SubscribeAsync("same", AlertSubscription);
        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before + 1, "the subscription reaches the hub");

        await client.SubscribeAsync("same", AlertSubscription);

        var (status, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(4409, status);
        Assert.Equal("Subscriber for same already exists", reason);
        await MonitoringNotices.WaitUntilAsync(() => Hub.SubscriberCount == before, "the closed socket's subscription leaves the hub");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"payload\": {}}")]
    [InlineData("{\"type\": \"start\", \"id\": \"1\"}")]
    [InlineData("{\"type\": \"next\", \"id\": \"1\", \"payload\": {}}")]
    [InlineData("{\"type\": \"subscribe\", \"payload\": {\"query\": \"{ serverInfo { version } }\"}}")]
    [InlineData("{\"type\": \"subscribe\", \"id\": \"\", \"payload\": {\"query\": \"{ serverInfo { version } }\"}}")]
    [InlineData("{\"type\": \"subscribe\", \"id\": \"1\"}")]
    [InlineData("{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": 42}}")]
    [InlineData("{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": \"{ serverInfo { version } }\", \"variables\": [1]}}")]
    [InlineData("{\"type\": \"ping\", \"payload\": \"hello\"}")]
    [InlineData("{\"type\": \"complete\"}")]
    public async Task AnInvalidMessageClosesWith4400(string message)
    {
        await using var client = await InitialisedAsync();

        await client.SendTextAsync(message);

        var (status, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(4400, status);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public async Task ABinaryMessageClosesWith4400()
    {
        await using var client = await InitialisedAsync();

        await client.SendTextAsync("{\"type\": \"ping\"}", WebSocketMessageType.Binary);

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task AMessageOverTheSizeLimitClosesWith4400()
    {
        await using var client = await InitialisedAsync();

        await client.SendAsync(new { type = "ping", payload = new { padding = new string('x', 300 * 1024) } });

        var (status, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(4400, status);
        Assert.StartsWith("LIMIT_EXCEEDED: ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASocketWithoutTheSubProtocolIsClosedWith4406()
    {
        await using var client = await GraphQLWsTestClient.ConnectAsync(fixture.Client.BaseAddress!, subProtocol: null);

        Assert.Equal(4406, (await client.ReceiveCloseAsync()).Status);
    }

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

    private Task<GraphQLWsTestClient> ConnectAsync(string? authorization = null) =>
        GraphQLWsTestClient.ConnectAsync(fixture.Client.BaseAddress!, authorization);

    private async Task<GraphQLWsTestClient> InitialisedAsync()
    {
        var client = await ConnectAsync();
        await client.InitAsync(new { apiKey = fixture.Server.AdminKey });
        return client;
    }
}
