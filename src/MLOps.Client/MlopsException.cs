using System.Net;

namespace MLOps.Client;

/// <summary>
/// A request the platform refused or could not serve: the error <see cref="Code"/> (see <see cref="MlopsErrorCodes"/>),
/// the HTTP status when there was a response, and the server's sentence as the message.
/// </summary>
public sealed class MlopsException : Exception
{
    /// <summary>Creates an INTERNAL error.</summary>
    public MlopsException()
        : this(MlopsErrorCodes.Internal, "The MLOps request failed.")
    {
    }

    /// <summary>Creates an INTERNAL error with this message.</summary>
    public MlopsException(string message)
        : this(MlopsErrorCodes.Internal, message)
    {
    }

    /// <summary>Creates an INTERNAL error with this message and cause.</summary>
    public MlopsException(string message, Exception innerException)
        : this(MlopsErrorCodes.Internal, message, null, innerException)
    {
    }

    /// <summary>Creates an error with a code, the server's message, the HTTP status (if any) and the cause (if any).</summary>
    public MlopsException(string code, string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        StatusCode = statusCode;
    }

    /// <summary>The machine-readable error code, such as NOT_FOUND or CONFLICT (see <see cref="MlopsErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>The HTTP status of the response, or null when no response arrived (a connection failure or a timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Whether sending the same request again may succeed: no response, a timeout, 408, 429 or a 5xx status.
    /// Refusals (4xx with a code) are not transient.
    /// </summary>
    public bool IsTransient => StatusCode is null || (int)StatusCode.Value >= 500 || StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
