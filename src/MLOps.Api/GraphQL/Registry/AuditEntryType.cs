using GraphQL.Types;
using MLOps.Storage.Registry;

namespace MLOps.Api.GraphQL.Registry;

public sealed class AuditEntryType : ObjectGraphType<AuditRecord>
{
    public AuditEntryType()
    {
        Name = "AuditEntry";
        Description = "Who did what, when, with the state before and after (JSON).";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.OccurredAt);
        Field(x => x.Actor).Description("Owner of the API key that made the change.");
        Field(x => x.Action).Description("e.g. model.created, model_version.registered, stage_transition.approved.");
        Field(x => x.ModelName, nullable: true);
        Field(x => x.Version, nullable: true);
        Field("before", x => x.BeforeJson, nullable: true).Description("State before, as JSON.");
        Field("after", x => x.AfterJson, nullable: true).Description("State after, as JSON.");
    }
}
