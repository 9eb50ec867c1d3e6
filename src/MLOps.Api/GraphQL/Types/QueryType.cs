using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MLOps.Api.GraphQL.Registry;
using MLOps.Api.Identity;
using MLOps.Api.Server;
using MLOps.Contracts.Cluster;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Registry;
using MLOps.Storage.Identity;
using MLOps.Storage.Registry;
using MLOps.Storage.Webhooks;
using Orleans.Configuration;

namespace MLOps.Api.GraphQL.Types;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Field<NonNullGraphType<ServerInfoType>>("serverInfo")
            .Description("The replica that answered this request.")
            .Resolve(context => context.RequestServices!.GetRequiredService<ServerClock>().Describe());
        Field<NonNullGraphType<ClusterType>>("cluster")
            .Description("The Orleans cluster and its silos, read from the PostgreSQL membership table.")
            .ResolveAsync(async context =>
            {
                var services = context.RequestServices!;
                var options = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
                var grains = services.GetRequiredService<IGrainFactory>();
                var silos = await grains.GetGrain<IClusterMembershipGrain>(0).GetSilosAsync();
                return new ClusterView(options.ClusterId, options.ServiceId, silos);
            });
        Field<NonNullGraphType<ConnectionType<ModelType, ModelRecord>>>("models")
            .Description("Registered models by name, a page at a time.")
            .Argument<ModelFilterInputType>("filter")
            .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
            .Argument<StringGraphType>("after", "endCursor of the previous page.")
            .ResolveAsync(async context =>
            {
                var first = Cursors.CheckFirst(context.GetArgument<int?>("first"));
                var filter = context.GetArgument<ModelFilter?>("filter") ?? new ModelFilter();
                if (filter.Stage is not null)
                {
                    filter = filter with { Stage = Stages.Normalize(filter.Stage) ?? filter.Stage };
                }

                var rows = await Reader(context).ListModelsAsync(filter, first + 1, Cursors.ReadName(context.GetArgument<string?>("after")), context.CancellationToken);
                return Page<ModelRecord>.From(rows, first, m => Cursors.ForName(m.Name));
            });
        Field<ModelType>("model")
            .Description("One live model by name, or null.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async context => await Reader(context).GetModelAsync(context.GetArgument<string>("name"), context.CancellationToken));
        Field<NonNullGraphType<ConnectionType<AuditEntryType, AuditRecord>>>("auditLog")
            .Description("The registry's audit trail, newest first.")
            .Argument<AuditFilterInputType>("filter")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async context =>
            {
                var first = Cursors.CheckFirst(context.GetArgument<int?>("first"));
                var filter = context.GetArgument<AuditFilter?>("filter") ?? new AuditFilter();
                var rows = await Reader(context).GetAuditAsync(filter, first + 1, Cursors.ReadId(context.GetArgument<string?>("after")), context.CancellationToken);
                return Page<AuditRecord>.From(rows, first, r => Cursors.ForId(r.Id));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApiKeyType>>>>("apiKeys")
            .Description("Every API key, without secrets (admin only).")
            .ResolveAsync(async context =>
            {
                context.User.ToCaller().Require(Roles.Admin, "listing API keys");
                return await context.RequestServices!.GetRequiredService<ApiKeyStore>().ListAsync(context.CancellationToken);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookType>>>>("webhooks")
            .Description("Registered webhooks (admin only).")
            .ResolveAsync(async context =>
            {
                context.User.ToCaller().Require(Roles.Admin, "listing webhooks");
                return await context.RequestServices!.GetRequiredService<WebhookRepository>().ListAsync(context.CancellationToken);
            });
        Serving.DeploymentFields.AddQueries(this);
        Tracking.TrackingFields.AddQueries(this);
    }

    private static RegistryReader Reader(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<RegistryReader>();
}
