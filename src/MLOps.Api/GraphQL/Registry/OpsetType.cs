using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

public sealed class OpsetType : ObjectGraphType<KeyValuePair<string, long>>
{
    public OpsetType()
    {
        Name = "OpsetImport";
        Field<NonNullGraphType<StringGraphType>>("domain").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<LongGraphType>>("version").Resolve(c => c.Source.Value);
    }
}
