namespace MLOps.Storage.Webhooks;

/// <summary>One HTTP attempt of a delivery, from the delivery log.</summary>
/// <param name="Id">The log entry's id.</param>
/// <param name="Attempt">1 for the first attempt, counting up.</param>
/// <param name="AttemptedAt">When the request was sent (database clock).</param>
/// <param name="StatusCode">The receiver's HTTP status; null when no response came (timeout, connection error).</param>
/// <param name="Error">Why no response came; null when there was one.</param>
/// <param name="DurationMs">From sending the request to the response headers, or to the failure.</param>
public sealed record WebhookAttempt(long Id, int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, double DurationMs);
