using GraphQL.Types;

namespace MLOps.Api.GraphQL.Types;

public sealed class ClusterType : ObjectGraphType<ClusterView>
{
    public ClusterType()
    {
        Name = "Cluster";
        Description = "The Orleans cluster behind the API.";
        Field(x => x.ClusterId).Description("Orleans cluster id; silos with the same id form one cluster.");
        Field(x => x.ServiceId).Description("Orleans service id; stable across deployments, keys durable state.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SiloType>>>>("silos")
            .Description("Every silo that joined this cluster id, newest first, including dead ones.")
            .Resolve(context => context.Source.Silos);
        Field<NonNullGraphType<IntGraphType>>("activeSiloCount")
            .Description("Silos whose status is Active.")
            .Resolve(context => context.Source.Silos.Count(s => s.Status == "Active"));
    }
}
