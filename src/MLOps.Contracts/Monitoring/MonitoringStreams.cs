namespace MLOps.Contracts.Monitoring;

/// <summary>Where monitoring events (windows closed, alerts raised and resolved) are published inside the cluster.</summary>
public static class MonitoringStreams
{
    /// <summary>The stream namespace; one stream carries every deployment's monitoring events.</summary>
    public const string Namespace = "monitoring-events";

    /// <summary>The key of the one stream in <see cref="Namespace"/>.</summary>
    public static Guid Key => Guid.Empty;
}
