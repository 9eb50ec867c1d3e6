using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

public sealed class MetricType : ObjectGraphType<KeyValuePair<string, double>>
{
    public MetricType()
    {
        Name = "Metric";
        Description = "A metric value recorded with a version at registration.";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<FloatGraphType>>("value").Resolve(c => c.Source.Value);
    }
}
