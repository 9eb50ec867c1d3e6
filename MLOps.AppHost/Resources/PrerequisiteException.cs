namespace MLOps.AppHost.Resources;

/// <summary>
/// Something the machine must provide (PostgreSQL server binaries, Node.js, npm) is missing.
/// The message is one sentence that names what to install; it is thrown before any process starts.
/// </summary>
public sealed class PrerequisiteException : Exception
{
    public PrerequisiteException()
    {
    }

    public PrerequisiteException(string message)
        : base(message)
    {
    }

    public PrerequisiteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
