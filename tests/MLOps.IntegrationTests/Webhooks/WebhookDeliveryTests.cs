using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Events;
using MLOps.Storage.Webhooks;

namespace MLOps.IntegrationTests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(InfrastructureFixture infrastructure)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    // Longer than any test: what these tests see comes from notifications and precise retry waits, not polling.
    private static readonly TimeSpan NoPolling = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task AnAppendedEventIsDeliveredOnceWithASignatureTheReceiverCanVerify()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_signed");
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = await db.CreateWebhookAsync(receiver.Url());
        var webhook = await db.SingleWebhookAsync();
        await using var dispatcher = await DispatcherHost.StartAsync(db.ConnectionString, settings: DispatcherHost.Settings(pollInterval: NoPolling));
        await Task.Delay(Quiet);

        var eventId = await db.AppendAsync(new RegistryEvent(
            RegistryEventTypes.ModelVersionStageChanged, "fraud", 3, "alice", new JsonObject { ["from"] = "Staging", ["to"] = "Production" }));
        // Woken by the commit's notification, not by the (ten-minute) poll.
        var request = Assert.Single(await receiver.WaitForAsync(1, timeout: TimeSpan.FromSeconds(5)));
        await Task.Delay(Quiet);

        Assert.Single(receiver.Received);
        var delivery = Assert.Single(await db.DeliveriesAsync(webhook.Id));
        Assert.Equal(WebhookDeliveryState.Succeeded, delivery.State);
        Assert.Equal(200, Assert.Single(delivery.AttemptLog).StatusCode);
        Assert.Equal(delivery.Id, request.DeliveryId);
        Assert.Equal(RegistryEventTypes.ModelVersionStageChanged, request.Header("X-MLOps-Event"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);

        var timestamp = long.Parse(request.Header("X-MLOps-Timestamp"), CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, 0, 60);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var signed = hmac.ComputeHash([.. Encoding.UTF8.GetBytes(request.Header("X-MLOps-Timestamp") + "."), .. request.Body]);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(signed), request.Header("X-MLOps-Signature-256"));

        var body = request.Json;
        Assert.Equal(eventId, (long)body["id"]!);
        Assert.Equal(RegistryEventTypes.ModelVersionStageChanged, (string?)body["type"]);
        Assert.Equal("fraud", (string?)body["model"]);
        Assert.Equal(3, (int)body["version"]!);
        Assert.Equal("alice", (string?)body["actor"]);
        Assert.Equal("Production", (string?)body["data"]!["to"]);
        Assert.InRange(DateTimeOffset.UtcNow - (DateTimeOffset)body["occurredAt"]!, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task WebhooksReceiveOnlyTheEventTypesAndModelsTheyFilterOn()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_filters");
        await using var receiver = await WebhookReceiver.StartAsync();
        await db.CreateWebhookAsync(receiver.Url("/all"));
        await db.CreateWebhookAsync(receiver.Url("/ready"), eventTypes: [RegistryEventTypes.ModelVersionReady]);
        await db.CreateWebhookAsync(receiver.Url("/fraud"), modelNames: ["fraud"]);
        await db.CreateWebhookAsync(receiver.Url("/fraud-ready"), eventTypes: [RegistryEventTypes.ModelVersionReady], modelNames: ["fraud"]);

        var fraudCreated = await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelCreated, "fraud", null, "alice"));
        var churnReady = await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelVersionReady, "churn", 1, "alice"));
        var fraudReady = await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelVersionReady, "fraud", 1, "alice"));
        var noModel = await db.AppendAsync(new RegistryEvent(RegistryEventTypes.TagSet, null, null, "alice"));
        Assert.Equal(9, await db.CountAsync("SELECT count(*) FROM webhook_deliveries"));

        await using var dispatcher = await DispatcherHost.StartAsync(db.ConnectionString);
        await receiver.WaitForAsync(9);
        await Task.Delay(Quiet);

        var byPath = receiver.Received.ToLookup(r => r.Path, r => (long)r.Json["id"]!);
        Assert.Equal([fraudCreated, churnReady, fraudReady, noModel], byPath["/all"].Order());
        Assert.Equal([churnReady, fraudReady], byPath["/ready"].Order());
        Assert.Equal([fraudCreated, fraudReady], byPath["/fraud"].Order());
        Assert.Equal([fraudReady], byPath["/fraud-ready"]);
        Assert.Equal(9, receiver.Received.Count);
    }

    [Fact]
    public async Task AReceiverThatFailsTwiceGetsThreeAttemptsWithGrowingDelays()
    {
        var baseDelay = TimeSpan.FromMilliseconds(300);
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_retry");
        await using var receiver = await WebhookReceiver.StartAsync(respond: n => n < 2 ? 500 : 200);
        await db.CreateWebhookAsync(receiver.Url());
        var webhook = await db.SingleWebhookAsync();
        await using var dispatcher = await DispatcherHost.StartAsync(db.ConnectionString, settings: DispatcherHost.Settings(baseDelay: baseDelay, pollInterval: NoPolling));

        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelCreated, "fraud", null, "alice"));
        var delivery = Assert.Single(await db.WaitForDeliveriesAsync(webhook.Id, d => d.Single().State == WebhookDeliveryState.Succeeded));
        await Task.Delay(Quiet);

        // One attempt is one request: ServiceDefaults' resilience handler does not retry behind our back.
        var requests = receiver.Received;
        Assert.Equal([500, 500, 200], requests.Select(r => r.AnsweredWith));
        Assert.Equal([500, 500, 200], delivery.AttemptLog.Select(a => a.StatusCode));
        Assert.Equal([1, 2, 3], delivery.AttemptLog.Select(a => a.Attempt));
        Assert.Equal(3, delivery.Attempts);
        Assert.All(delivery.AttemptLog, a => Assert.True(a.DurationMs > 0));
        Assert.Single(requests.Select(r => r.DeliveryId).Distinct());
        Assert.Single(requests.Select(r => Convert.ToHexString(r.Body)).Distinct());

        // The delay after attempt n is drawn from [base * 2^(n-1) / 2, base * 2^(n-1)]: the second wait starts
        // where the first one's range ends.
        var firstGap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        var secondGap = requests[2].ReceivedAt - requests[1].ReceivedAt;
        Assert.True(firstGap >= baseDelay / 2, $"first retry after {firstGap.TotalMilliseconds} ms");
        Assert.True(secondGap >= baseDelay, $"second retry after {secondGap.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task AReceiverThatNeverSucceedsEndsFailedAfterMaxAttempts()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_gives_up");
        await using var receiver = await WebhookReceiver.StartAsync(respond: _ => 503);
        await db.CreateWebhookAsync(receiver.Url());
        var webhook = await db.SingleWebhookAsync();
        await using var dispatcher = await DispatcherHost.StartAsync(
            db.ConnectionString, settings: DispatcherHost.Settings(maxAttempts: 3, baseDelay: TimeSpan.FromMilliseconds(50)));

        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelDeleted, "fraud", null, "alice"));
        await db.WaitForDeliveriesAsync(webhook.Id, d => d.Single().State == WebhookDeliveryState.Failed);
        await Task.Delay(Quiet);

        var delivery = Assert.Single(await db.DeliveriesAsync(webhook.Id));
        Assert.Equal(WebhookDeliveryState.Failed, delivery.State);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(503, delivery.LastStatusCode);
        Assert.Equal([503, 503, 503], delivery.AttemptLog.Select(a => a.StatusCode));
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task AnEventAppendedInATransactionThatIsRolledBackIsNeverDelivered()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_rollback");
        await using var receiver = await WebhookReceiver.StartAsync();
        await db.CreateWebhookAsync(receiver.Url());
        await using var dispatcher = await DispatcherHost.StartAsync(db.ConnectionString);

        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelDeleted, "fraud", null, "alice"), commit: false);
        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelCreated, "marker", null, "alice"));
        await receiver.WaitForAsync(1);
        await Task.Delay(Quiet);

        var request = Assert.Single(receiver.Received);
        Assert.Equal(RegistryEventTypes.ModelCreated, request.Header("X-MLOps-Event"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM registry_events"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM webhook_deliveries"));
    }

    [Fact]
    public async Task QueuedDeliveriesSurviveADispatcherRestartAndAreDeliveredOnce()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_restart");
        var port = LoopbackPorts.GetFree();
        await db.CreateWebhookAsync($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/hook");
        var webhook = await db.SingleWebhookAsync();
        var settings = DispatcherHost.Settings(maxAttempts: 50, baseDelay: TimeSpan.FromMilliseconds(200));

        // Queued while no dispatcher runs, then attempted while the receiver is down.
        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelCreated, "fraud", null, "alice"));
        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelUpdated, "fraud", null, "alice"));
        await using (await DispatcherHost.StartAsync(db.ConnectionString, "first", settings))
        {
            await db.WaitForDeliveriesAsync(webhook.Id, d => d.Count == 2 && d.All(x => x.AttemptLog.Count > 0));
        }

        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelDeleted, "fraud", null, "alice"));
        await using var receiver = await WebhookReceiver.StartAsync(port: port);
        await using var second = await DispatcherHost.StartAsync(db.ConnectionString, "second", settings);
        var deliveries = await db.WaitForDeliveriesAsync(webhook.Id, d => d.Count == 3 && d.All(x => x.State == WebhookDeliveryState.Succeeded));
        await Task.Delay(Quiet);

        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(deliveries.Select(d => d.Id).Order(), receiver.Received.Select(r => r.DeliveryId).Order());
        Assert.All(receiver.Received, r => Assert.Equal("second", r.Header("X-Test-Dispatcher")));
        foreach (var failedFirst in deliveries.Where(d => d.EventType != RegistryEventTypes.ModelDeleted))
        {
            Assert.Null(failedFirst.AttemptLog[0].StatusCode);
            Assert.Contains("Connection", failedFirst.AttemptLog[0].Error, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(200, failedFirst.AttemptLog[^1].StatusCode);
        }
    }

    [Fact]
    public async Task ADeliveryLeasedByADispatcherThatDiedIsSentWhenTheLeaseRunsOut()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_lease");
        await using var receiver = await WebhookReceiver.StartAsync();
        await db.CreateWebhookAsync(receiver.Url());
        var webhook = await db.SingleWebhookAsync();
        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelCreated, "fraud", null, "alice"));
        var queue = new WebhookDeliveryQueue(db.DataSource);

        // A dispatcher claims the delivery and dies before recording anything.
        var lease = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();
        var orphan = Assert.Single(await queue.ClaimAsync(10, lease, CancellationToken.None));
        await using var dispatcher = await DispatcherHost.StartAsync(db.ConnectionString);
        var request = Assert.Single(await receiver.WaitForAsync(1));
        var sentAfter = clock.Elapsed;
        var delivery = Assert.Single(await db.WaitForDeliveriesAsync(webhook.Id, d => d.Single().State == WebhookDeliveryState.Succeeded));

        Assert.True(sentAfter >= lease - TimeSpan.FromMilliseconds(100), $"sent {sentAfter.TotalMilliseconds} ms after the claim");
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal(2, Assert.Single(delivery.AttemptLog).Attempt);

        // A late outcome from the dead dispatcher's lease is logged but does not overturn the delivery.
        var stale = new WebhookAttemptOutcome(null, "timed out", 1, WebhookDeliveryState.Failed, TimeSpan.Zero);
        Assert.False(await queue.RecordAttemptAsync(orphan, stale, CancellationToken.None));
        Assert.Equal(WebhookDeliveryState.Succeeded, Assert.Single(await db.DeliveriesAsync(webhook.Id)).State);
        Assert.Equal(orphan.Id, request.DeliveryId);
    }

    [Fact]
    public async Task TwoDispatchersRunningAtOnceDeliverEachEventExactlyOnce()
    {
        const int Events = 40;
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_two");
        await using var receiver = await WebhookReceiver.StartAsync(latency: TimeSpan.FromMilliseconds(100));
        await db.CreateWebhookAsync(receiver.Url());
        var webhook = await db.SingleWebhookAsync();
        var settings = DispatcherHost.Settings(batchSize: 2);
        var starting = new[] { "a", "b" }.Select(name => DispatcherHost.StartAsync(db.ConnectionString, name, settings)).ToList();
        var dispatchers = await Task.WhenAll(starting);
        try
        {
            for (var i = 0; i < Events; i++)
            {
                await db.AppendAsync(new RegistryEvent(RegistryEventTypes.TagSet, "fraud", null, "alice", new JsonObject { ["i"] = i }));
            }

            var deliveries = await db.WaitForDeliveriesAsync(
                webhook.Id, d => d.Count == Events && d.All(x => x.State == WebhookDeliveryState.Succeeded));
            await Task.Delay(Quiet);

            Assert.Equal(Events, receiver.Received.Count);
            Assert.Equal(deliveries.Select(d => d.Id).Order(), receiver.Received.Select(r => r.DeliveryId).Order());
            Assert.All(deliveries, d => Assert.Equal(1, Assert.Single(d.AttemptLog).Attempt));
            Assert.Equal(["a", "b"], receiver.Received.Select(r => r.Header("X-Test-Dispatcher")).Distinct().Order());
        }
        finally
        {
            foreach (var dispatcher in dispatchers)
            {
                await dispatcher.DisposeAsync();
            }
        }
    }
}
