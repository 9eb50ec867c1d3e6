using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

public sealed class TagInputType : InputObjectGraphType<KeyValuePair<string, string>>
{
    public TagInputType()
    {
        Name = "TagInput";
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<NonNullGraphType<StringGraphType>>("value");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new KeyValuePair<string, string>((string)value["key"]!, (string)value["value"]!);
    }
}
