using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL.Loading;
using MLOps.Storage.Deployments;
using MLOps.Storage.Registry;

namespace MLOps.Api.GraphQL.Registry;

public sealed class ModelType : ObjectGraphType<ModelRecord>
{
    public ModelType()
    {
        Name = "Model";
        Description = "A registered model: a unique name and its numbered versions.";
        Field(x => x.Id);
        Field(x => x.Name);
        Field(x => x.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyValueType>>>>("tags").Resolve(c => c.Source.Tags);
        Field(x => x.CreatedAt);
        Field(x => x.UpdatedAt);
        Field(x => x.CreatedBy);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ModelVersionType>>>>("versions")
            .Description("All versions, newest first.")
            .Resolve(c => Loaders(c).Versions.Load(c.Source.Id));
        Field<ModelVersionType>("version")
            .Description("One version by number.")
            .Argument<NonNullGraphType<IntGraphType>>("number")
            .Resolve(c => Loaders(c).Versions.Load(c.Source.Id).Then(vs => vs.FirstOrDefault(v => v.Version == c.GetArgument<int>("number"))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AliasType>>>>("aliases")
            .Resolve(c => Loaders(c).Aliases.Load(c.Source.Id));
        Field<ModelVersionType>("alias")
            .Description("The version an alias points at; 'latest' is the newest READY version and 'v3' is version 3.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c =>
            {
                var versions = await Loaders(c).Versions.Load(c.Source.Id).GetResultAsync(c.CancellationToken);
                var aliases = await Loaders(c).Aliases.Load(c.Source.Id).GetResultAsync(c.CancellationToken);
                return RouteResolver.ResolveAlias(c.GetArgument<string>("name"), versions, aliases);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ModelVersionType>>>>("latestVersions")
            .Description("The newest version in each stage.")
            .Resolve(c => Loaders(c).Versions.Load(c.Source.Id)
                .Then(vs => (IEnumerable<ModelVersionRecord>)vs.GroupBy(v => v.Stage).Select(g => g.MaxBy(v => v.Version)!).OrderBy(v => v.Version).ToList()));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StageTransitionType>>>>("stageTransitionRequests")
            .Description("Stage transition requests, newest first.")
            .Resolve(c => Loaders(c).Transitions.Load(c.Source.Id));
        Field<NonNullGraphType<ConnectionType<AuditEntryType, AuditRecord>>>("auditLog")
            .Description("This model's audit trail, newest first.")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var first = Cursors.CheckFirst(c.GetArgument<int?>("first"));
                var rows = await c.RequestServices!.GetRequiredService<RegistryReader>().GetAuditAsync(
                    new AuditFilter(ModelName: c.Source.Name), first + 1, Cursors.ReadId(c.GetArgument<string?>("after")), c.CancellationToken);
                return Page<AuditRecord>.From(rows, first, r => Cursors.ForId(r.Id));
            });
    }

    private static RegistryLoaders Loaders(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<RegistryLoaders>();
}
