using GraphQL.Types;
using MLOps.Api.GraphQL.Types;

namespace MLOps.Api.GraphQL;

public sealed class MLOpsSchema : Schema
{
    public MLOpsSchema(IServiceProvider services, QueryType query, MutationType mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Description = "MLOps: model registry, cluster and platform API.";
    }
}
