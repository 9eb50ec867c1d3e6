using GraphQL.Types;
using MLOps.Api.Server;

namespace MLOps.Api.GraphQL.Types;

public sealed class ServerInfoType : ObjectGraphType<ServerInfo>
{
    public ServerInfoType()
    {
        Name = "ServerInfo";
        Description = "The replica that answered: its build version and how long it has been up.";
        Field(x => x.Version).Description("Build version of the server.");
        Field(x => x.InstanceName).Description("Name of this replica (its Orleans silo name).");
        Field(x => x.StartedAt).Description("When this replica started (UTC).");
        Field<NonNullGraphType<FloatGraphType>>("uptimeSeconds")
            .Description("Seconds since this replica started.")
            .Resolve(context => context.Source.Uptime.TotalSeconds);
    }
}
