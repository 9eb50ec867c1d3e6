using GraphQL.Types;
using MLOps.Storage.Registry;

namespace MLOps.Api.GraphQL.Registry;

public sealed class StageTransitionType : ObjectGraphType<StageTransitionRecord>
{
    public StageTransitionType()
    {
        Name = "StageTransitionRequest";
        Description = "A request to move a version to another stage, and its decision.";
        Field(x => x.Id);
        Field(x => x.Version);
        Field(x => x.FromStage);
        Field(x => x.ToStage);
        Field(x => x.ArchiveExisting).Description("Whether approving archives the current Production version(s).");
        Field(x => x.Status).Description("PENDING, APPROVED or REJECTED.");
        Field(x => x.RequestedBy);
        Field(x => x.RequestedAt);
        Field(x => x.Comment);
        Field(x => x.DecidedBy, nullable: true);
        Field(x => x.DecidedAt, nullable: true);
        Field(x => x.DecisionComment, nullable: true);
    }
}
