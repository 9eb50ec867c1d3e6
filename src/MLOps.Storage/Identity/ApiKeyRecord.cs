namespace MLOps.Storage.Identity;

/// <summary>An API key as listed: never its secret, only the first characters to recognise it by.</summary>
public sealed record ApiKeyRecord(
    Guid Id,
    string DisplayPrefix,
    string Owner,
    string Role,
    string? Description,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
