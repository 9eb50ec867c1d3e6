namespace MLOps.Contracts;

/// <summary>
/// A request the platform refuses, with a machine-readable <see cref="Code"/> (see <see cref="ErrorCodes"/>)
/// and a sentence the caller can act on. Crosses grain boundaries and becomes a GraphQL error or a 4xx.
/// </summary>
[GenerateSerializer, Alias("mlops.MLOpsException")]
public sealed class MLOpsException : Exception
{
    /// <summary>Creates a VALIDATION error.</summary>
    public MLOpsException()
    {
        Code = ErrorCodes.Validation;
    }

    /// <summary>Creates a VALIDATION error with this message.</summary>
    public MLOpsException(string message)
        : base(message)
    {
        Code = ErrorCodes.Validation;
    }

    /// <summary>Creates a VALIDATION error with this message and cause.</summary>
    public MLOpsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.Validation;
    }

    /// <summary>Creates an error with a code from <see cref="ErrorCodes"/>.</summary>
    public MLOpsException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The machine-readable error code.</summary>
    [Id(0)]
    public string Code { get; private set; }

    /// <summary>NOT_FOUND with this message.</summary>
    public static MLOpsException NotFound(string message) => new(ErrorCodes.NotFound, message);

    /// <summary>CONFLICT with this message.</summary>
    public static MLOpsException Conflict(string message) => new(ErrorCodes.Conflict, message);

    /// <summary>VALIDATION with this message.</summary>
    public static MLOpsException Invalid(string message) => new(ErrorCodes.Validation, message);

    /// <summary>FORBIDDEN with this message.</summary>
    public static MLOpsException Forbidden(string message) => new(ErrorCodes.Forbidden, message);
}
