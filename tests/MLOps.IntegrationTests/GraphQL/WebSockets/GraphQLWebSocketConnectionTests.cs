using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL;
using MLOps.Api.GraphQL.WebSockets;
using MLOps.Api.Monitoring;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.GraphQL.WebSockets;

/// <summary>
/// One <see cref="GraphQLWebSocketConnection"/> with the server's services but options of the test's own (short
/// timeouts, small limits), over a loopback socket pair.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class GraphQLWebSocketConnectionTests(ServerFixture fixture)
{
    [Fact]
    public async Task NoConnectionInitWithinTheTimeoutClosesWith4408()
    {
        await using var run = await StartAsync(new GraphQLWebSocketOptions { ConnectionInitTimeout = TimeSpan.FromMilliseconds(300) });

        var (status, reason) = await run.Client.ReceiveCloseAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(4408, status);
        Assert.Equal("Connection initialisation timeout", reason);
        await run.Connection.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AConnectionInitInTimeKeepsTheSocketOpenPastTheTimeout()
    {
        await using var run = await StartAsync(new GraphQLWebSocketOptions { ConnectionInitTimeout = TimeSpan.FromMilliseconds(300) });

        await run.Client.InitAsync(new { apiKey = fixture.Server.AdminKey });

        await run.Client.AssertSilentAsync(TimeSpan.FromMilliseconds(600));
        await run.Client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await run.Client.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task OperationsBeyondTheLimitAreRefusedWithALimitExceededError()
    {
        var hub = fixture.Server.Services.GetRequiredService<MonitoringEventHub>();
        await using var run = await StartAsync(new GraphQLWebSocketOptions { MaxOperationsPerConnection = 2 });
        await run.Client.InitAsync(new { apiKey = fixture.Server.AdminKey });
        var before = hub.SubscriberCount;
        await run.Client.SubscribeAsync("1", "subscription { alertRaised { id } }");
        await run.Client.SubscribeAsync("2", "subscription { windowClosed { deployment } }");
        await MonitoringNotices.WaitUntilAsync(() => hub.SubscriberCount == before + 2, "both subscriptions reach the hub");

        await run.Client.SubscribeAsync("3", "subscription { alertRaised { id } }");

        var error = await run.Client.ReceiveAsync();
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("3", error.GetProperty("id").GetString());
        var first = error.GetProperty("payload")[0];
        Assert.Equal("LIMIT_EXCEEDED", first.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("2 operations", first.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Completing one makes room for another.
        await run.Client.SendAsync(new { id = "1", type = "complete" });
        await MonitoringNotices.WaitUntilAsync(() => hub.SubscriberCount == before + 1, "the completed subscription leaves the hub");
        await run.Client.SubscribeAsync("3", "subscription { alertRaised { id } }");
        await MonitoringNotices.WaitUntilAsync(() => hub.SubscriberCount == before + 2, "the new subscription reaches the hub");
    }

    [Fact]
    public async Task RevokingTheKeyThatOpenedASocketClosesItWith4401WhileAValidKeyStaysOpen()
    {
        var created = await fixture.Client.DataAsync("mutation { createApiKey(owner: \"ws-revoke\", role: \"reader\") { secret apiKey { id } } }");
        var secret = created.GetProperty("createApiKey").GetProperty("secret").GetString()!;
        var id = created.GetProperty("createApiKey").GetProperty("apiKey").GetProperty("id").GetString();
        var hub = fixture.Server.Services.GetRequiredService<MonitoringEventHub>();
        var options = new GraphQLWebSocketOptions { ReauthenticateInterval = TimeSpan.FromMilliseconds(100) };
        await using var revoked = await StartAsync(options);
        await using var kept = await StartAsync(options);
        await revoked.Client.InitAsync(new { apiKey = secret });
        await kept.Client.InitAsync(new { apiKey = fixture.Server.AdminKey });
        var before = hub.SubscriberCount;
        await revoked.Client.SubscribeAsync("1", "subscription { alertRaised { id } }");
        await MonitoringNotices.WaitUntilAsync(() => hub.SubscriberCount == before + 1, "the subscription reaches the hub");
        await revoked.Client.AssertSilentAsync(TimeSpan.FromMilliseconds(500));

        await fixture.Client.DataAsync("mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", new { id });

        var (status, reason) = await revoked.Client.ReceiveCloseAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4401, status);
        Assert.Contains("revoked", reason, StringComparison.Ordinal);
        await revoked.Connection.WaitAsync(TimeSpan.FromSeconds(5));
        await MonitoringNotices.WaitUntilAsync(() => hub.SubscriberCount == before, "the revoked socket's subscription leaves the hub");
        await kept.Client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await kept.Client.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AMessageOverAConfiguredSizeLimitClosesWith4400()
    {
        await using var run = await StartAsync(new GraphQLWebSocketOptions { MaxMessageBytes = 1024 });
        await run.Client.InitAsync(new { apiKey = fixture.Server.AdminKey });

        await run.Client.SendAsync(new { id = "1", type = "subscribe", payload = new { query = "{ serverInfo { version } }", padding = new string('x', 1100) } });

        var (status, reason) = await run.Client.ReceiveCloseAsync();
        Assert.Equal(4400, status);
        Assert.Equal("LIMIT_EXCEEDED: messages may have at most 1024 bytes.", reason);
    }

    private async Task<Run> StartAsync(GraphQLWebSocketOptions options)
    {
        var sockets = await LoopbackWebSockets.CreateAsync();
        var scope = fixture.Server.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var connection = new GraphQLWebSocketConnection(
            sockets.Server, context, scope.ServiceProvider.GetRequiredService<IDocumentExecuter<MLOpsSchema>>(), options);
        return new Run(sockets, scope, new GraphQLWsTestClient(sockets.Client), Task.Run(connection.RunAsync));
    }

    private sealed record Run(LoopbackWebSockets Sockets, AsyncServiceScope Scope, GraphQLWsTestClient Client, Task Connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Connection.WaitAsync(TimeSpan.FromSeconds(10));
            Sockets.Dispose();
            await Scope.DisposeAsync();
        }
    }
}
