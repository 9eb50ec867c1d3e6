namespace MLOps.Storage.Webhooks;

/// <summary>What one attempt came to, and what happens to the delivery next.</summary>
/// <param name="StatusCode">The receiver's HTTP status, or null when no response came.</param>
/// <param name="Error">Why no response came (timeout, connection error); null otherwise.</param>
/// <param name="DurationMs">How long the attempt took.</param>
/// <param name="NextState">SUCCEEDED, FAILED (given up), or PENDING (retry after <paramref name="RetryDelay"/>).</param>
/// <param name="RetryDelay">Delay before the next attempt; used only when <paramref name="NextState"/> is PENDING.</param>
public sealed record WebhookAttemptOutcome(int? StatusCode, string? Error, double DurationMs, WebhookDeliveryState NextState, TimeSpan RetryDelay);
