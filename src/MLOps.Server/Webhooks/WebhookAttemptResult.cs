namespace MLOps.Server.Webhooks;

/// <summary>What one request came to: a status code, or an error when no response came.</summary>
public sealed record WebhookAttemptResult(int? StatusCode, string? Error, double DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
