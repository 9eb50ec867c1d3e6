using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Storage.Webhooks;

namespace MLOps.Api.GraphQL.Registry;

public sealed class WebhookType : ObjectGraphType<Webhook>
{
    public WebhookType()
    {
        Name = "Webhook";
        Description = "A URL that receives registry events, signed with HMAC-SHA256 (see docs/webhooks.md).";
        Field(x => x.Id);
        Field(x => x.Url);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("eventTypes").Description("Empty: every event type.").Resolve(c => c.Source.EventTypes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("modelNames").Description("Empty: every model.").Resolve(c => c.Source.ModelNames);
        Field(x => x.Description);
        Field(x => x.CreatedAt);
        Field(x => x.CreatedBy);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookDeliveryType>>>>("deliveries")
            .Description("The delivery log, newest first.")
            .Argument<IntGraphType>("first")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<WebhookRepository>()
                .ListDeliveriesAsync(c.Source.Id, Cursors.CheckFirst(c.GetArgument<int?>("first")), null, c.CancellationToken));
    }
}

public sealed class WebhookDeliveryType : ObjectGraphType<WebhookDelivery>
{
    public WebhookDeliveryType()
    {
        Name = "WebhookDelivery";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.EventId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.EventType);
        Field<NonNullGraphType<StringGraphType>>("state").Description("PENDING, SUCCEEDED or FAILED.").Resolve(c => c.Source.State.ToString().ToUpperInvariant());
        Field("attemptCount", x => x.Attempts).Description("Attempts made so far.");
        Field(x => x.NextAttemptAt);
        Field(x => x.LastStatusCode, nullable: true);
        Field(x => x.LastError, nullable: true);
        Field(x => x.UpdatedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookAttemptType>>>>("attempts").Resolve(c => c.Source.AttemptLog);
    }
}

public sealed class WebhookAttemptType : ObjectGraphType<WebhookAttempt>
{
    public WebhookAttemptType()
    {
        Name = "WebhookAttempt";
        Field(x => x.Attempt);
        Field(x => x.AttemptedAt);
        Field(x => x.StatusCode, nullable: true);
        Field(x => x.Error, nullable: true);
        Field(x => x.DurationMs);
    }
}

/// <summary>A new webhook and its signing secret, shown this once.</summary>
public sealed record CreatedWebhook(Webhook Webhook, string Secret);

public sealed class CreatedWebhookType : ObjectGraphType<CreatedWebhook>
{
    public CreatedWebhookType()
    {
        Name = "CreatedWebhook";
        Field<NonNullGraphType<WebhookType>>("webhook").Resolve(c => c.Source.Webhook);
        Field(x => x.Secret).Description("HMAC-SHA256 signing secret. Shown only now.");
    }
}
