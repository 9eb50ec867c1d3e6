namespace MLOps.Inference.Protocol;

/// <summary>An inference request is malformed, too large, or does not fit the model; the caller can fix it.</summary>
public sealed class InferenceRequestException : Exception
{
    /// <summary>The code for a request that is malformed or does not fit the model.</summary>
    public const string Validation = "VALIDATION";

    /// <summary>The code for a request larger than the server accepts.</summary>
    public const string LimitExceeded = "LIMIT_EXCEEDED";

    /// <summary>Creates the exception with an error code and one sentence a caller can act on.</summary>
    /// <param name="message">What is wrong, naming the input or output concerned.</param>
    /// <param name="code">The error code, <see cref="Validation"/> unless told otherwise.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public InferenceRequestException(string message, string code = Validation, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The error code: <c>VALIDATION</c> or <c>LIMIT_EXCEEDED</c>.</summary>
    public string Code { get; }
}
