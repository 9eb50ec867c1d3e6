namespace MLOps.Contracts.Registry;

/// <summary>Where registry events are published inside the cluster.</summary>
public static class RegistryStreams
{
    /// <summary>The Orleans stream provider's name.</summary>
    public const string ProviderName = "registry";

    /// <summary>The stream namespace; one stream carries every model's events.</summary>
    public const string Namespace = "registry-events";

    /// <summary>The key of the one stream in <see cref="Namespace"/>.</summary>
    public static Guid Key => Guid.Empty;
}
