namespace MLOps.Storage.Cluster;

/// <summary>A row of Orleans' membership table, as stored (status is Orleans' numeric SiloStatus).</summary>
public sealed record MembershipRow(
    string Address,
    int Port,
    int Generation,
    string SiloName,
    string HostName,
    int Status,
    int ProxyPort,
    DateTime StartTimeUtc,
    DateTime IAmAliveTimeUtc);
