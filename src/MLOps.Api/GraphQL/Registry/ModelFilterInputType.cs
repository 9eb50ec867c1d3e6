using GraphQL.Types;
using MLOps.Storage.Registry;

namespace MLOps.Api.GraphQL.Registry;

public sealed class ModelFilterInputType : InputObjectGraphType<ModelFilter>
{
    public ModelFilterInputType()
    {
        Name = "ModelFilter";
        Field(x => x.NameContains, nullable: true).Description("Case-insensitive substring of the name.");
        Field(x => x.TagKey, nullable: true).Description("Has this tag (with tagValue: with this value).");
        Field(x => x.TagValue, nullable: true);
        Field(x => x.Stage, nullable: true).Description("Has a version in this stage.");
        Field(x => x.HasAlias, nullable: true).Description("Has this alias.");
    }
}

public sealed class AuditFilterInputType : InputObjectGraphType<AuditFilter>
{
    public AuditFilterInputType()
    {
        Name = "AuditFilter";
        Field(x => x.ModelName, nullable: true);
        Field(x => x.Actor, nullable: true);
        Field(x => x.Action, nullable: true);
    }
}
