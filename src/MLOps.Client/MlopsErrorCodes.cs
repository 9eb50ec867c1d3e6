namespace MLOps.Client;

/// <summary>The error codes an <see cref="MlopsException"/> carries: the server's, and the client's own.</summary>
public static class MlopsErrorCodes
{
    /// <summary>The request is invalid; the message says what to change.</summary>
    public const string Validation = "VALIDATION";

    /// <summary>The experiment, run, model, version, deployment or artifact does not exist.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The request clashes with the current state (a name taken, a param logged with another value, ...).</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>The API key's role does not allow the request.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>The request has no valid API key.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>The request exceeds a limit (batch size, request size, ...).</summary>
    public const string LimitExceeded = "LIMIT_EXCEEDED";

    /// <summary>The server could not be reached or did not answer in time, or answered 502, 503 or 504.</summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>The server failed with another 5xx status.</summary>
    public const string Internal = "INTERNAL";

    /// <summary>Bytes received or stored do not have the SHA-256 they should have.</summary>
    public const string Integrity = "INTEGRITY";
}
