namespace MLOps.Monitoring.Datasets;

/// <summary>
/// An uploaded dataset cannot be read. The message names the line, row or column at fault and what is wrong
/// with it, in words the uploader can act on.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DatasetFormatException()
        : base("The dataset could not be read.")
    {
    }

    /// <summary>Creates the exception with a message for the uploader.</summary>
    /// <param name="message">What is wrong and where.</param>
    public DatasetFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the uploader and the library error behind it.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The parser's own exception.</param>
    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
