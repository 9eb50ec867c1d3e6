namespace MLOps.Storage.Webhooks;

/// <summary>One event's delivery to one webhook, with its attempts.</summary>
/// <param name="Id">The delivery's id, sent as the X-MLOps-Delivery header (receivers dedupe on it).</param>
/// <param name="WebhookId">The webhook delivered to.</param>
/// <param name="EventId">The registry event delivered (the body's <c>id</c>).</param>
/// <param name="EventType">The event's type.</param>
/// <param name="State">Pending, succeeded or failed.</param>
/// <param name="Attempts">Attempts started so far (an attempt cut short by a crash counts, but has no log entry).</param>
/// <param name="NextAttemptAt">When a pending delivery is next due (while being attempted: when its lease runs out).</param>
/// <param name="LastStatusCode">The HTTP status of the latest attempt, if it got a response.</param>
/// <param name="LastError">Why the latest attempt got no response, or why the delivery was given up.</param>
/// <param name="UpdatedAt">When the delivery last changed.</param>
/// <param name="AttemptLog">The attempts, oldest first.</param>
public sealed record WebhookDelivery(
    long Id,
    Guid WebhookId,
    long EventId,
    string EventType,
    WebhookDeliveryState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<WebhookAttempt> AttemptLog);
