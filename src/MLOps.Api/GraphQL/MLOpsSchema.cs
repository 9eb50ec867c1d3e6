using GraphQL.Types;
using MLOps.Api.GraphQL.Types;

namespace MLOps.Api.GraphQL;

public sealed class MLOpsSchema : Schema
{
    public MLOpsSchema(IServiceProvider services, QueryType query)
        : base(services)
    {
        Query = query;
    }
}
