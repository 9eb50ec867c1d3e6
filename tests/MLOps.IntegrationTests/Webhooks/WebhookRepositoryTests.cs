using System.Buffers.Text;
using MLOps.Contracts;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Events;
using MLOps.Storage.Webhooks;

namespace MLOps.IntegrationTests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class WebhookRepositoryTests(InfrastructureFixture infrastructure)
{
    [Theory]
    [InlineData("")]
    [InlineData("/relative/path")]
    [InlineData("example.com/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("file:///etc/passwd")]
    public async Task CreatingAWebhookRefusesAnythingButAnAbsoluteHttpUrl(string url)
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_bad_url");

        var error = await Assert.ThrowsAsync<MLOpsException>(() => db.CreateWebhookAsync(url));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Empty(await db.Webhooks.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreatingAWebhookRefusesUnknownEventTypesAndMalformedModelNames()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_bad_filters");

        var badType = await Assert.ThrowsAsync<MLOpsException>(() => db.CreateWebhookAsync("https://example.com/hook", eventTypes: ["model.exploded"]));
        var badModel = await Assert.ThrowsAsync<MLOpsException>(() => db.CreateWebhookAsync("https://example.com/hook", modelNames: ["no spaces"]));

        Assert.Equal(ErrorCodes.Validation, badType.Code);
        Assert.Contains("model.exploded", badType.Message, StringComparison.Ordinal);
        Assert.Contains(RegistryEventTypes.ModelVersionReady, badType.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.Validation, badModel.Code);
        Assert.Empty(await db.Webhooks.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ANewWebhookGetsAStrongSecretThatIsShownOnlyOnce()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_secret");

        var (created, secret) = await db.Webhooks.CreateAsync(
            "https://example.com/hook", [RegistryEventTypes.ModelVersionReady], ["fraud"], "CI trigger", "alice", CancellationToken.None);
        var other = await db.CreateWebhookAsync("https://example.com/other");

        Assert.StartsWith(WebhookRepository.SecretPrefix, secret, StringComparison.Ordinal);
        Assert.Equal(32, Base64Url.DecodeFromChars(secret.AsSpan(WebhookRepository.SecretPrefix.Length)).Length);
        Assert.NotEqual(secret, other);
        var read = await db.Webhooks.GetAsync(created.Id, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(("https://example.com/hook", "CI trigger", "alice"), (read.Url, read.Description, read.CreatedBy));
        Assert.Equal([RegistryEventTypes.ModelVersionReady], read.EventTypes);
        Assert.Equal(["fraud"], read.ModelNames);
        Assert.Equal(2, (await db.Webhooks.ListAsync(CancellationToken.None)).Count);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'webhook.created' AND actor = 'alice'"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM audit_log WHERE after::text LIKE '%whsec_%'"));
    }

    [Fact]
    public async Task DeletingAWebhookFailsItsPendingDeliveriesAndQueuesNoMore()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_delete");
        await db.CreateWebhookAsync("https://example.com/hook");
        var webhook = await db.SingleWebhookAsync();
        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelCreated, "fraud", null, "alice"));

        await db.Webhooks.DeleteAsync(webhook.Id, "bob", CancellationToken.None);
        await db.AppendAsync(new RegistryEvent(RegistryEventTypes.ModelUpdated, "fraud", null, "alice"));

        var delivery = Assert.Single(await db.DeliveriesAsync(webhook.Id));
        Assert.Equal(WebhookDeliveryState.Failed, delivery.State);
        Assert.Equal("webhook deleted", delivery.LastError);
        Assert.Empty(delivery.AttemptLog);
        Assert.Null(await db.Webhooks.GetAsync(webhook.Id, CancellationToken.None));
        Assert.Empty(await db.Webhooks.ListAsync(CancellationToken.None));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'webhook.deleted' AND actor = 'bob'"));
        var again = await Assert.ThrowsAsync<MLOpsException>(() => db.Webhooks.DeleteAsync(webhook.Id, "bob", CancellationToken.None));
        Assert.Equal(ErrorCodes.NotFound, again.Code);
    }

    [Fact]
    public async Task DeliveriesAreListedNewestFirstOnePageAfterAnother()
    {
        await using var db = await WebhookDatabase.CreateAsync(infrastructure, "wh_pages");
        await db.CreateWebhookAsync("https://example.com/hook");
        var webhook = await db.SingleWebhookAsync();
        var events = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            events.Add(await db.AppendAsync(new RegistryEvent(RegistryEventTypes.TagSet, "fraud", null, "alice")));
        }

        var first = await db.Webhooks.ListDeliveriesAsync(webhook.Id, 2, null, CancellationToken.None);
        var second = await db.Webhooks.ListDeliveriesAsync(webhook.Id, 2, first[^1].Id, CancellationToken.None);
        var third = await db.Webhooks.ListDeliveriesAsync(webhook.Id, 2, second[^1].Id, CancellationToken.None);

        Assert.Equal(events.AsEnumerable().Reverse(), first.Concat(second).Concat(third).Select(d => d.EventId));
        Assert.Single(third);
        Assert.All(first, d => Assert.Equal((WebhookDeliveryState.Pending, 0, RegistryEventTypes.TagSet), (d.State, d.Attempts, d.EventType)));
        var tooMany = await Assert.ThrowsAsync<MLOpsException>(() => db.Webhooks.ListDeliveriesAsync(webhook.Id, 1000, null, CancellationToken.None));
        Assert.Equal(ErrorCodes.Validation, tooMany.Code);
    }
}
