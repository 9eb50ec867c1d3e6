using GraphQL.Types;
using MLOps.Contracts.Monitoring;

namespace MLOps.Api.GraphQL.Monitoring;

public sealed class AlertEventType : ObjectGraphType<AlertNotice>
{
    public AlertEventType()
    {
        Name = "AlertEvent";
        Description = "An alert raised or resolved by a monitoring rule on a drift window.";
        Field(x => x.Id).Description("The alert's id, as in the Alert type.");
        Field(x => x.Deployment).Description("The deployment the rule watches.");
        Field(x => x.RuleId).Description("The rule that raised the alert.");
        Field(x => x.RuleName).Description("The rule's name.");
        Field(x => x.Metric).Description("The metric the rule watches, e.g. DRIFT_SHARE.");
        Field(x => x.Feature, nullable: true).Description("The feature, for FEATURE_DRIFT rules.");
        Field(x => x.State).Description("FIRING when raised, RESOLVED when resolved.");
        Field(x => x.Value).Description("The metric's value in the window that raised or resolved the alert.");
        Field(x => x.Threshold).Description("The rule's threshold.");
        Field(x => x.WindowStart).Description("Start of that window.");
        Field(x => x.WindowEnd).Description("End of that window.");
        Field(x => x.Message).Description("One sentence saying what happened.");
        Field(x => x.At).Description("When the alert was raised or resolved.");
    }
}
