using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Identity;
using MLOps.Contracts;
using MLOps.Contracts.Serving;
using MLOps.Storage.Deployments;

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
            .Description("Replaces the routes and settings; every replica switches within about a second, without failed requests.")
            .Arguments(SpecArguments())
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("name");
                await Grain(c, name).UpdateAsync(c.User.ToCaller(), Spec(c));
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
        new QueryArgument<SessionInputType> { Name = "session" });

    private static DeploymentSpec Spec(IResolveFieldContext c) => new(
        c.GetArgument<List<RouteSpec>>("routes"),
        c.GetArgument<BatchingSpec?>("batching") ?? new BatchingSpec(),
        c.GetArgument<SessionSpec?>("session") ?? new SessionSpec());

    private static IDeploymentGrain Grain(IResolveFieldContext c, string name) =>
        c.RequestServices!.GetRequiredService<IGrainFactory>().GetGrain<IDeploymentGrain>(name);

    private static DeploymentStore Store(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<DeploymentStore>();

    private static async Task<DeploymentRecord> LoadAsync(IResolveFieldContext c, string name) =>
        await Store(c).GetAsync(name, c.CancellationToken) ?? throw MLOpsException.NotFound($"No deployment is named '{name}'.");
}
