using GraphQL.Types;
using MLOps.Contracts.Monitoring;

namespace MLOps.Api.GraphQL.Monitoring;

public sealed class WindowClosedEventType : ObjectGraphType<WindowClosedNotice>
{
    public WindowClosedEventType()
    {
        Name = "WindowClosedEvent";
        Description = "A drift window of a deployment that closed and was evaluated.";
        Field(x => x.Deployment).Description("The deployment.");
        Field(x => x.ModelName).Description("The model the window profiles.");
        Field(x => x.Version).Description("The model version the window profiles.");
        Field(x => x.WindowStart).Description("Start of the window.");
        Field(x => x.WindowEnd).Description("End of the window.");
        Field(x => x.Count).Description("Rows profiled.");
        Field(x => x.DriftShare, nullable: true).Description("Share of input features that drifted; null without a reference profile.");
        Field(x => x.DatasetDrift).Description("Whether the share reached the deployment's drift threshold.");
    }
}
