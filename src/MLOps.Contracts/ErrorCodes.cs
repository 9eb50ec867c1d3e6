namespace MLOps.Contracts;

/// <summary>The error codes every API surface uses.</summary>
public static class ErrorCodes
{
    /// <summary>The named thing does not exist (or is deleted).</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The request contradicts the current state (duplicate name, pending request, ...).</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>The request is malformed or breaks a rule.</summary>
    public const string Validation = "VALIDATION";

    /// <summary>The caller's role does not allow this.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>No valid credentials were sent.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>A size or count limit was exceeded.</summary>
    public const string LimitExceeded = "LIMIT_EXCEEDED";
}
