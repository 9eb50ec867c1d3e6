using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Identity;
using MLOps.Api.Monitoring;
using MLOps.Contracts;
using MLOps.Contracts.Monitoring;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.GraphQL.Monitoring;

/// <summary>The monitoring mutations, added to the root mutation type.</summary>
public static class MonitoringFields
{
    public static void AddMutations(ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        mutation.Field<NonNullGraphType<AlertRuleType>>("setAlertRule")
            .Description("Creates a deployment's alert rule, or replaces the rule of the same name. Rules are judged on every closed window.")
            .Argument<NonNullGraphType<StringGraphType>>("deployment")
            .Argument<NonNullGraphType<AlertRuleInputType>>("rule")
            .ResolveAsync(async c =>
            {
                var deployment = await RequireDeploymentAsync(c);
                var rule = c.GetArgument<AlertRuleSpec>("rule");
                var id = await Monitor(c, deployment).SetRuleAsync(c.User.ToCaller(), rule);
                var rules = await c.RequestServices!.GetRequiredService<AlertStore>().ListRulesAsync(deployment, c.CancellationToken);
                return rules.First(r => r.Id == id);
            });
        mutation.Field<NonNullGraphType<BooleanGraphType>>("deleteAlertRule")
            .Argument<NonNullGraphType<StringGraphType>>("deployment")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c =>
            {
                await Monitor(c, c.GetArgument<string>("deployment")).DeleteRuleAsync(c.User.ToCaller(), c.GetArgument<string>("name"));
                return true;
            });
        mutation.Field<NonNullGraphType<FeedbackResultType>>("submitFeedback")
            .Description("Ground truth for earlier predictions, by the inference response's id; joined to the prediction log for performance.")
            .Argument<NonNullGraphType<StringGraphType>>("deployment")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<FeedbackInputType>>>>("labels")
            .ResolveAsync(async c =>
            {
                c.User.ToCaller().Require(Contracts.Identity.Roles.Contributor, "submitting label feedback");
                return await c.RequestServices!.GetRequiredService<FeedbackService>().SubmitAsync(
                    c.GetArgument<string>("deployment"), c.GetArgument<List<LabelFeedback>>("labels"), c.CancellationToken);
            });
        mutation.Field<NonNullGraphType<ReferenceProfileType>>("profileReference")
            .Description("Profiles a reference dataset given as JSON rows and links it to the model version (larger files: PUT /api/models/{name}/versions/{n}/reference).")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .Argument<NonNullGraphType<StringGraphType>>("rows", "A JSON array of objects, one per row: [{\"age\": 41, \"city\": \"Oslo\"}, ...].")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("categorical", "Numeric columns to treat as categories.")
            .ResolveAsync(async c =>
            {
                var caller = c.User.ToCaller();
                caller.Require(Contracts.Identity.Roles.Contributor, "profiling a reference dataset");
                using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(c.GetArgument<string>("rows")));
                return await c.RequestServices!.GetRequiredService<ReferenceProfiler>().ProfileAsync(
                    c.GetArgument<string>("modelName"), c.GetArgument<int>("version"), ReferenceFormats.Json, body,
                    c.GetArgument<List<string>?>("categorical") ?? [], caller.Name, c.CancellationToken);
            });
    }

    private static IDeploymentMonitorGrain Monitor(IResolveFieldContext c, string deployment) =>
        c.RequestServices!.GetRequiredService<IGrainFactory>().GetGrain<IDeploymentMonitorGrain>(deployment);

    private static async Task<string> RequireDeploymentAsync(IResolveFieldContext c)
    {
        var name = c.GetArgument<string>("deployment");
        return await c.RequestServices!.GetRequiredService<Storage.Deployments.DeploymentStore>().GetAsync(name, c.CancellationToken) is null
            ? throw MLOpsException.NotFound($"No deployment is named '{name}'.")
            : name;
    }
}
