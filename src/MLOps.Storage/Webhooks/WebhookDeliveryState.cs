namespace MLOps.Storage.Webhooks;

/// <summary>Where a delivery stands; stored as PENDING, SUCCEEDED, FAILED.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Not yet delivered: due at its next attempt time (or being attempted right now).</summary>
    Pending,

    /// <summary>A receiver answered 2xx.</summary>
    Succeeded,

    /// <summary>Given up: every attempt failed, or the webhook was deleted.</summary>
    Failed,
}
