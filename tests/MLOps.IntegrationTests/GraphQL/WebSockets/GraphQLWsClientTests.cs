using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Monitoring;
using MLOps.Contracts.Monitoring;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.GraphQL.WebSockets;

/// <summary>The WebSocket transport with a real client: graphql-ws's createClient in Node.js (client/subscribe.mjs).</summary>
[Collection(ServerCollection.Name)]
public sealed class GraphQLWsClientTests(ServerFixture fixture)
{
    [Fact]
    public async Task GraphQLWsSubscribesWithTheKeyInConnectionParamsAndReceivesPublishedAlerts()
    {
        var hub = fixture.Server.Services.GetRequiredService<MonitoringEventHub>();
        var before = hub.SubscriberCount;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var script = await GraphQLWsClientScript.StartAsync(
            GraphQLWsTestClient.WebSocketUri(fixture.Client.BaseAddress!), fixture.Server.AdminKey, events: 2, "fraud-prod", timeout.Token);
        var errors = script.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await MonitoringNotices.WaitUntilAsync(() => hub.SubscriberCount == before + 1 || script.HasExited,
                "graphql-ws's subscription reaches the hub", TimeSpan.FromSeconds(60));
            if (script.HasExited)
            {
                Assert.Fail($"subscribe.mjs exited early with code {script.ExitCode}:\n{await errors}");
            }

            var raised = MonitoringNotices.Alert("fraud-prod", 101);
            hub.Publish(new MonitoringNotice(MonitoringNotices.Alert("churn-prod", 100), null));
            hub.Publish(new MonitoringNotice(raised, null));
            hub.Publish(new MonitoringNotice(raised with { State = "RESOLVED" }, null));

            var first = await script.StandardOutput.ReadLineAsync(timeout.Token);
            var second = await script.StandardOutput.ReadLineAsync(timeout.Token);
            await script.WaitForExitAsync(timeout.Token);

            if (script.ExitCode != 0)
            {
                Assert.Fail($"subscribe.mjs exited with code {script.ExitCode}:\n{await errors}");
            }
            using var firstAlert = JsonDocument.Parse(first!);
            using var secondAlert = JsonDocument.Parse(second!);
            Assert.Equal(101, firstAlert.RootElement.GetProperty("id").GetInt64());
            Assert.Equal("fraud-prod", firstAlert.RootElement.GetProperty("deployment").GetString());
            Assert.Equal("FIRING", firstAlert.RootElement.GetProperty("state").GetString());
            Assert.Equal(raised.Message, firstAlert.RootElement.GetProperty("message").GetString());
            Assert.Equal(raised.At, firstAlert.RootElement.GetProperty("at").GetDateTimeOffset());
            Assert.Equal("RESOLVED", secondAlert.RootElement.GetProperty("state").GetString());

            // The client completed its subscription and closed its socket on the way out.
            await MonitoringNotices.WaitUntilAsync(() => hub.SubscriberCount == before, "graphql-ws's subscription leaves the hub");
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }
        }
    }
}
