namespace MLOps.Storage.Webhooks;

/// <summary>The database spelling of <see cref="WebhookDeliveryState"/>.</summary>
internal static class WebhookDeliveryStates
{
    public const string Pending = "PENDING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    public static string ToDatabase(WebhookDeliveryState state) => state switch
    {
        WebhookDeliveryState.Pending => Pending,
        WebhookDeliveryState.Succeeded => Succeeded,
        WebhookDeliveryState.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static WebhookDeliveryState FromDatabase(string state) => state switch
    {
        Pending => WebhookDeliveryState.Pending,
        Succeeded => WebhookDeliveryState.Succeeded,
        Failed => WebhookDeliveryState.Failed,
        _ => throw new InvalidOperationException($"Unknown webhook delivery state '{state}' in the database."),
    };
}
