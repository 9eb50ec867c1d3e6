namespace MLOps.AppHost.Resources;

/// <summary>How to start a local Azurite blob service.</summary>
public sealed class AzuriteServerOptions
{
    /// <summary>Where Azurite keeps blobs and its metadata; created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The repository holding tools/azurite; null finds it above the running assembly's folder.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Receives every line Azurite prints; null discards them (they still appear in start-up errors).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Whether Azurite logs every request (its access log); its debug log is always off.</summary>
    public bool AccessLog { get; init; }

    /// <summary>How long to wait for the blob endpoint to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
