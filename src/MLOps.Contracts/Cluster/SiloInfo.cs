namespace MLOps.Contracts.Cluster;

/// <summary>One silo as the cluster's PostgreSQL membership table records it.</summary>
/// <param name="Address">The silo's endpoint, host:port.</param>
/// <param name="Generation">The silo's generation: a new one each time a silo process starts on an endpoint.</param>
/// <param name="SiloName">The name the silo was given at start-up.</param>
/// <param name="HostName">The machine or container the silo runs on.</param>
/// <param name="Status">The membership status (Created, Joining, Active, ShuttingDown, Stopping, Dead).</param>
/// <param name="GatewayPort">The client gateway port, or 0 when the silo has none.</param>
/// <param name="StartTime">When the silo started.</param>
/// <param name="LastHeartbeat">The last time the silo reported itself alive.</param>
[GenerateSerializer, Immutable, Alias("mlops.cluster.SiloInfo")]
public sealed record SiloInfo(
    [property: Id(0)] string Address,
    [property: Id(1)] int Generation,
    [property: Id(2)] string SiloName,
    [property: Id(3)] string HostName,
    [property: Id(4)] string Status,
    [property: Id(5)] int GatewayPort,
    [property: Id(6)] DateTimeOffset StartTime,
    [property: Id(7)] DateTimeOffset LastHeartbeat);
