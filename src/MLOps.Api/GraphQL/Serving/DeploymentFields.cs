using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL.Monitoring;
using MLOps.Api.Identity;
using MLOps.Api.Monitoring;
using MLOps.Contracts;
using MLOps.Contracts.Monitoring;
using MLOps.Contracts.Serving;
using MLOps.Storage.Deployments;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.GraphQL.Serving;

/// <summary>The deployment queries and mutations, added to the root types.</summary>
public static class DeploymentFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeploymentType>>>>("deployments")
            .ResolveAsync(async c => await Store(c).ListAsync(c.CancellationToken));
        query.Field<DeploymentType>("deployment")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await Store(c).GetAsync(c.GetArgument<string>("name"), c.CancellationToken));
        query.Field<ReferenceProfileType>("referenceProfile")
            .Description("A model version's reference profile, or null when it has none.")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .ResolveAsync(async c =>
            {
                var model = c.GetArgument<string>("modelName");
                var version = c.GetArgument<int>("version");
                var link = await c.RequestServices!.GetRequiredService<ReferenceProfileStore>().GetAsync(model, version, c.CancellationToken);
                if (link is null || await c.RequestServices!.GetRequiredService<ReferenceProfiles>().GetAsync(model, version, c.CancellationToken) is not { } profile)
                {
                    return null;
                }

                return new ReferenceProfileView(model, version, link.ArtifactSha256, link.SourceFormat, link.CreatedAt, link.CreatedBy, profile.Profile.Summarize());
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        mutation.Field<NonNullGraphType<DeploymentType>>("createDeployment")
            .Description("Creates a deployment served at /v2/models/{name}.")
            .Arguments(SpecArguments())
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("name");
                await Grain(c, name).CreateAsync(c.User.ToCaller(), Spec(c));
                return await LoadAsync(c, name);
            });
        mutation.Field<NonNullGraphType<DeploymentType>>("updateDeployment")
            .Description("Replaces the routes, and the settings given (batching, session, monitoring left out keep their current values); every replica switches within about a second, without failed requests.")
            .Arguments(SpecArguments())
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("name");
                var current = await LoadAsync(c, name);
                var given = Spec(c);
                var spec = given with
                {
                    Batching = c.HasArgument("batching") ? given.Batching : current.Spec.Batching,
                    Session = c.HasArgument("session") ? given.Session : current.Spec.Session,
                    Monitoring = c.HasArgument("monitoring") ? given.Monitoring : current.Spec.Monitoring,
                };
                await Grain(c, name).UpdateAsync(c.User.ToCaller(), spec);
                return await LoadAsync(c, name);
            });
        mutation.Field<NonNullGraphType<BooleanGraphType>>("deleteDeployment")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c =>
            {
                await Grain(c, c.GetArgument<string>("name")).DeleteAsync(c.User.ToCaller());
                return true;
            });
    }

    private static QueryArguments SpecArguments() => new(
        new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "name" },
        new QueryArgument<NonNullGraphType<ListGraphType<NonNullGraphType<RouteInputType>>>> { Name = "routes" },
        new QueryArgument<BatchingInputType> { Name = "batching" },
        new QueryArgument<SessionInputType> { Name = "session" },
        new QueryArgument<MonitoringInputType> { Name = "monitoring", Description = "Default: monitored, hourly windows." });

    private static DeploymentSpec Spec(IResolveFieldContext c) => new(
        c.GetArgument<List<RouteSpec>>("routes"),
        c.GetArgument<BatchingSpec?>("batching") ?? new BatchingSpec(),
        c.GetArgument<SessionSpec?>("session") ?? new SessionSpec(),
        c.GetArgument<MonitoringSpec?>("monitoring"));

    private static IDeploymentGrain Grain(IResolveFieldContext c, string name) =>
        c.RequestServices!.GetRequiredService<IGrainFactory>().GetGrain<IDeploymentGrain>(name);

    private static DeploymentStore Store(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<DeploymentStore>();

    private static async Task<DeploymentRecord> LoadAsync(IResolveFieldContext c, string name) =>
        await Store(c).GetAsync(name, c.CancellationToken) ?? throw MLOpsException.NotFound($"No deployment is named '{name}'.");
}
