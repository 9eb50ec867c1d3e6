using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

/// <summary>A tag, a custom metadata entry or a metric, as key and value.</summary>
public sealed class KeyValueType : ObjectGraphType<KeyValuePair<string, string>>
{
    public KeyValueType()
    {
        Name = "KeyValue";
        Field<NonNullGraphType<StringGraphType>>("key").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("value").Resolve(c => c.Source.Value);
    }
}
