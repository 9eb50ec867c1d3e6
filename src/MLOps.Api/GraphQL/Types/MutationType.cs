using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL.Registry;
using MLOps.Api.Identity;
using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Registry;
using MLOps.Storage.Identity;
using MLOps.Storage.Registry;
using MLOps.Storage.Webhooks;

namespace MLOps.Api.GraphQL.Types;

/// <summary>
/// Every change goes to the owning grain (which checks role and rules and writes the audit entry in the same
/// transaction); the result is read back from PostgreSQL.
/// </summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Field<NonNullGraphType<ModelType>>("createModel")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<StringGraphType>("description")
            .Argument<ListGraphType<NonNullGraphType<TagInputType>>>("tags")
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("name");
                await Model(c, name).CreateAsync(c.User.ToCaller(), c.GetArgument<string?>("description"), Tags(c));
                return await LoadModelAsync(c, name);
            });
        Field<NonNullGraphType<ModelType>>("updateModel")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("description")
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("name");
                await Model(c, name).UpdateAsync(c.User.ToCaller(), c.GetArgument<string>("description"));
                return await LoadModelAsync(c, name);
            });
        Field<NonNullGraphType<BooleanGraphType>>("deleteModel")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c =>
            {
                await Model(c, c.GetArgument<string>("name")).DeleteAsync(c.User.ToCaller());
                return true;
            });
        Field<NonNullGraphType<ModelVersionType>>("registerModelVersion")
            .Description("Registers a version from an artifact uploaded with PUT /api/artifacts; returns it READY or FAILED_REGISTRATION.")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<NonNullGraphType<RegisterVersionInputType>>("input")
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("modelName");
                var number = await Model(c, name).RegisterVersionAsync(c.User.ToCaller(), c.GetArgument<RegisterVersionRequest>("input"));
                return await LoadVersionAsync(c, name, number);
            });
        Field<NonNullGraphType<ModelVersionType>>("setModelAlias")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<NonNullGraphType<StringGraphType>>("alias")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("modelName");
                var version = c.GetArgument<int>("version");
                await Model(c, name).SetAliasAsync(c.User.ToCaller(), c.GetArgument<string>("alias"), version);
                return await LoadVersionAsync(c, name, version);
            });
        Field<NonNullGraphType<BooleanGraphType>>("deleteModelAlias")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<NonNullGraphType<StringGraphType>>("alias")
            .ResolveAsync(async c =>
            {
                await Model(c, c.GetArgument<string>("modelName")).DeleteAliasAsync(c.User.ToCaller(), c.GetArgument<string>("alias"));
                return true;
            });
        Field<NonNullGraphType<StageTransitionType>>("requestStageTransition")
            .Description("Production needs an approval by another approver; other stages apply at once.")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .Argument<NonNullGraphType<StringGraphType>>("stage")
            .Argument<BooleanGraphType>("archiveExisting", "Archive the current Production version(s) on approval (default true).")
            .Argument<StringGraphType>("comment")
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("modelName");
                var id = await Model(c, name).RequestStageTransitionAsync(
                    c.User.ToCaller(), c.GetArgument<int>("version"), c.GetArgument<string>("stage"),
                    c.GetArgument<bool?>("archiveExisting") ?? true, c.GetArgument<string?>("comment"));
                return await LoadTransitionAsync(c, name, id);
            });
        AddDecision("approveStageTransition", (grain, caller, id, comment) => grain.ApproveStageTransitionAsync(caller, id, comment));
        AddDecision("rejectStageTransition", (grain, caller, id, comment) => grain.RejectStageTransitionAsync(caller, id, comment));
        Field<NonNullGraphType<BooleanGraphType>>("setTag")
            .Description("Sets a tag on a model, or on one of its versions when version is given.")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<IntGraphType>("version")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .Argument<NonNullGraphType<StringGraphType>>("value")
            .ResolveAsync(async c =>
            {
                await Model(c, c.GetArgument<string>("modelName")).SetTagAsync(
                    c.User.ToCaller(), c.GetArgument<int?>("version"), c.GetArgument<string>("key"), c.GetArgument<string>("value"));
                return true;
            });
        Field<NonNullGraphType<BooleanGraphType>>("deleteTag")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<IntGraphType>("version")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .ResolveAsync(async c =>
            {
                await Model(c, c.GetArgument<string>("modelName")).DeleteTagAsync(c.User.ToCaller(), c.GetArgument<int?>("version"), c.GetArgument<string>("key"));
                return true;
            });
        Field<NonNullGraphType<CreatedWebhookType>>("createWebhook")
            .Argument<NonNullGraphType<StringGraphType>>("url")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("eventTypes", "Event types to deliver; empty or omitted: all.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("modelNames", "Models to deliver events of; empty or omitted: all.")
            .Argument<StringGraphType>("description")
            .ResolveAsync(async c =>
            {
                var caller = c.User.ToCaller();
                caller.Require(Roles.Admin, "creating a webhook");
                var (webhook, secret) = await c.RequestServices!.GetRequiredService<WebhookRepository>().CreateAsync(
                    c.GetArgument<string>("url"), c.GetArgument<List<string>?>("eventTypes"), c.GetArgument<List<string>?>("modelNames"),
                    c.GetArgument<string?>("description"), caller.Name, c.CancellationToken);
                return new CreatedWebhook(webhook, secret);
            });
        Field<NonNullGraphType<BooleanGraphType>>("deleteWebhook")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.User.ToCaller();
                caller.Require(Roles.Admin, "deleting a webhook");
                await c.RequestServices!.GetRequiredService<WebhookRepository>().DeleteAsync(c.GetArgument<Guid>("id"), caller.Name, c.CancellationToken);
                return true;
            });
        Field<NonNullGraphType<CreatedApiKeyType>>("createApiKey")
            .Argument<NonNullGraphType<StringGraphType>>("owner")
            .Argument<NonNullGraphType<StringGraphType>>("role", "reader, contributor, approver or admin.")
            .Argument<StringGraphType>("description")
            .Argument<DateTimeOffsetGraphType>("expiresAt")
            .ResolveAsync(async c =>
            {
                var caller = c.User.ToCaller();
                caller.Require(Roles.Admin, "creating an API key");
                var (key, secret) = await c.RequestServices!.GetRequiredService<ApiKeyStore>().CreateAsync(
                    c.GetArgument<string>("owner"), c.GetArgument<string>("role"), c.GetArgument<string?>("description"),
                    c.GetArgument<DateTimeOffset?>("expiresAt"), caller.Name, c.CancellationToken);
                return new CreatedApiKey(key, secret);
            });
        Field<NonNullGraphType<ApiKeyType>>("revokeApiKey")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.User.ToCaller();
                caller.Require(Roles.Admin, "revoking an API key");
                return await c.RequestServices!.GetRequiredService<ApiKeyStore>().RevokeAsync(c.GetArgument<Guid>("id"), caller.Name, c.CancellationToken);
            });
        Serving.DeploymentFields.AddMutations(this);
        Monitoring.MonitoringFields.AddMutations(this);
        Tracking.TrackingFields.AddMutations(this);
    }

    private void AddDecision(string name, Func<IRegisteredModelGrain, Caller, Guid, string?, Task> decide) =>
        Field<NonNullGraphType<StageTransitionType>>(name)
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<NonNullGraphType<IdGraphType>>("requestId")
            .Argument<StringGraphType>("comment")
            .ResolveAsync(async c =>
            {
                var model = c.GetArgument<string>("modelName");
                var id = c.GetArgument<Guid>("requestId");
                await decide(Model(c, model), c.User.ToCaller(), id, c.GetArgument<string?>("comment"));
                return await LoadTransitionAsync(c, model, id);
            });

    private static IRegisteredModelGrain Model(IResolveFieldContext c, string name) =>
        c.RequestServices!.GetRequiredService<IGrainFactory>().GetGrain<IRegisteredModelGrain>(name);

    private static Dictionary<string, string>? Tags(IResolveFieldContext c) =>
        c.GetArgument<List<KeyValuePair<string, string>>?>("tags")?.ToDictionary(t => t.Key, t => t.Value);

    private static async Task<ModelRecord> LoadModelAsync(IResolveFieldContext c, string name) =>
        await c.RequestServices!.GetRequiredService<RegistryReader>().GetModelAsync(name, c.CancellationToken)
            ?? throw MLOpsException.NotFound($"No model is named '{name}'.");

    private static async Task<ModelVersionRecord> LoadVersionAsync(IResolveFieldContext c, string name, int number)
    {
        var model = await LoadModelAsync(c, name);
        var versions = await c.RequestServices!.GetRequiredService<RegistryReader>().GetVersionsAsync([model.Id], c.CancellationToken);
        return versions.First(v => v.Version == number);
    }

    private static async Task<StageTransitionRecord> LoadTransitionAsync(IResolveFieldContext c, string name, Guid id)
    {
        var model = await LoadModelAsync(c, name);
        var transitions = await c.RequestServices!.GetRequiredService<RegistryReader>().GetTransitionsAsync([model.Id], c.CancellationToken);
        return transitions.First(t => t.Id == id);
    }
}
