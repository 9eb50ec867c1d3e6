namespace MLOps.Api.Server;

/// <summary>What a replica says about itself: its build and how long it has been up.</summary>
public sealed record ServerInfo(string Version, string InstanceName, DateTimeOffset StartedAt, TimeSpan Uptime);
