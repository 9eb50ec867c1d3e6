using GraphQL.Types;
using MLOps.Storage.Registry;

namespace MLOps.Api.GraphQL.Registry;

public sealed class AliasType : ObjectGraphType<AliasRecord>
{
    public AliasType()
    {
        Name = "ModelAlias";
        Description = "A named, movable pointer to a version (champion, challenger, ...).";
        Field(x => x.Alias);
        Field(x => x.Version);
        Field(x => x.UpdatedAt);
        Field(x => x.UpdatedBy);
    }
}
