namespace MLOps.Storage.Artifacts;

/// <summary>A request to the artifact store that cannot be honoured; <see cref="Code"/> is the API error code.</summary>
public sealed class ArtifactException : Exception
{
    public ArtifactException()
    {
        Code = "VALIDATION";
    }

    public ArtifactException(string message)
        : base(message)
    {
        Code = "VALIDATION";
    }

    public ArtifactException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "VALIDATION";
    }

    public ArtifactException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; }
}
