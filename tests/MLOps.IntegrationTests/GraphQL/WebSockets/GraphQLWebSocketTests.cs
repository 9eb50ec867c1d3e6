using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Monitoring;
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

    private Task<GraphQLWsTestClient> ConnectAsync(string? authorization = null) =>
        GraphQLWsTestClient.ConnectAsync(fixture.Client.BaseAddress!, authorization);

    private async Task<GraphQLWsTestClient> InitialisedAsync()
    {
        var client = await ConnectAsync();
        await client.InitAsync(new { apiKey = fixture.Server.AdminKey });
        return client;
    }
}
