using GraphQL.Types;
using MLOps.Api.GraphQL.Types;

namespace MLOps.Api.GraphQL;

public sealed class MLOpsSchema : Schema
{
    public MLOpsSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        Description = "MLOps: model registry, cluster and platform API.";
    }
}
