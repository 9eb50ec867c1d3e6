using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MLOps.Server.Webhooks;

/// <summary>Webhook delivery's own traces and metrics, registered by AddWebhookDelivery.</summary>
public static class WebhookTelemetry
{
    public const string Name = "MLOps.Webhooks";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Attempts by outcome: succeeded, retrying or failed (given up).</summary>
    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "mlops.webhook.attempts", unit: "{attempt}", description: "Webhook delivery attempts, by outcome.");
}
