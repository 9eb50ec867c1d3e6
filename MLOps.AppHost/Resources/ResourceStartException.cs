namespace MLOps.AppHost.Resources;

/// <summary>
/// A local resource (PostgreSQL, Azurite) was started but did not become ready.
/// The message says why and ends with the last lines the process printed.
/// </summary>
public sealed class ResourceStartException : Exception
{
    public ResourceStartException()
    {
    }

    public ResourceStartException(string message)
        : base(message)
    {
    }

    public ResourceStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
