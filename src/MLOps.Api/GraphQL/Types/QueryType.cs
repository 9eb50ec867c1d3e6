using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MLOps.Api.Server;
using MLOps.Contracts.Cluster;
using Orleans.Configuration;

namespace MLOps.Api.GraphQL.Types;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Field<NonNullGraphType<ServerInfoType>>("serverInfo")
            .Description("The replica that answered this request.")
            .Resolve(context => context.RequestServices!.GetRequiredService<ServerClock>().Describe());
        Field<NonNullGraphType<ClusterType>>("cluster")
            .Description("The Orleans cluster and its silos, read from the PostgreSQL membership table.")
            .ResolveAsync(async context =>
            {
                var services = context.RequestServices!;
                var options = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
                var grains = services.GetRequiredService<IGrainFactory>();
                var silos = await grains.GetGrain<IClusterMembershipGrain>(0).GetSilosAsync();
                return new ClusterView(options.ClusterId, options.ServiceId, silos);
            });
    }
}
