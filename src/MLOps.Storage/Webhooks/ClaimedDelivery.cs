namespace MLOps.Storage.Webhooks;

/// <summary>
/// A delivery a dispatcher has leased for one attempt, with everything needed to send it. A class rather than
/// a record on purpose: a record's generated ToString would print <see cref="Secret"/> into any log line.
/// </summary>
public sealed class ClaimedDelivery(
    long id,
    int attempt,
    Guid webhookId,
    string url,
    string secret,
    bool webhookDeleted,
    long eventId,
    string eventType,
    DateTimeOffset occurredAt,
    string? modelName,
    int? version,
    string actor,
    string payloadJson)
{
    public long Id { get; } = id;

    /// <summary>This attempt's number (1 for the first); also the fencing token for recording its outcome.</summary>
    public int Attempt { get; } = attempt;

    public Guid WebhookId { get; } = webhookId;

    public string Url { get; } = url;

    /// <summary>The webhook's signing secret. Never log it.</summary>
    public string Secret { get; } = secret;

    /// <summary>The webhook was deleted after this delivery was queued; it must not be sent.</summary>
    public bool WebhookDeleted { get; } = webhookDeleted;

    public long EventId { get; } = eventId;

    public string EventType { get; } = eventType;

    public DateTimeOffset OccurredAt { get; } = occurredAt;

    public string? ModelName { get; } = modelName;

    public int? Version { get; } = version;

    public string Actor { get; } = actor;

    /// <summary>The event's payload, a JSON object as stored.</summary>
    public string PayloadJson { get; } = payloadJson;
}
