using GraphQL.Types;
using MLOps.Contracts.Cluster;

namespace MLOps.Api.GraphQL.Types;

public sealed class SiloType : ObjectGraphType<SiloInfo>
{
    public SiloType()
    {
        Name = "Silo";
        Description = "A silo of the Orleans cluster, as the PostgreSQL membership table records it.";
        Field(x => x.Address).Description("Silo-to-silo endpoint, host:port.");
        Field(x => x.Generation).Description("Changes each time a silo process starts on the same endpoint.");
        Field(x => x.SiloName).Description("Name given to the silo at start-up.");
        Field(x => x.HostName).Description("Machine or container the silo runs on.");
        Field(x => x.Status).Description("Membership status: Created, Joining, Active, ShuttingDown, Stopping or Dead.");
        Field(x => x.GatewayPort).Description("Client gateway port, 0 when none.");
        Field(x => x.StartTime).Description("When the silo started (UTC).");
        Field(x => x.LastHeartbeat).Description("Last time the silo wrote that it is alive (UTC).");
    }
}
