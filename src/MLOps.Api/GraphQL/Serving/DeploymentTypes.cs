using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL.Monitoring;
using MLOps.Contracts.Serving;
using MLOps.Storage.Deployments;

namespace MLOps.Api.GraphQL.Serving;

public sealed class DeploymentType : ObjectGraphType<DeploymentRecord>
{
    public DeploymentType()
    {
        Name = "Deployment";
        Description = "A named endpoint (/v2/models/{name}/infer) whose routes point at model versions or aliases.";
        Field(x => x.Name);
        Field(x => x.Revision).Description("Increases with every change of the spec.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RouteType>>>>("routes").Resolve(c => c.Source.Spec.Routes);
        Field<NonNullGraphType<BatchingType>>("batching").Resolve(c => c.Source.Spec.Batching);
        Field<NonNullGraphType<SessionType>>("session").Resolve(c => c.Source.Spec.Session);
        Field<NonNullGraphType<DeploymentMonitoringType>>("monitoring").Resolve(c => c.Source);
        Field(x => x.CreatedAt);
        Field(x => x.UpdatedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeploymentRevisionType>>>>("history")
            .Description("Every revision of the routes and settings, newest first.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<DeploymentStore>().GetRevisionsAsync(c.Source.Id, c.CancellationToken));
    }
}

public sealed class DeploymentRevisionType : ObjectGraphType<DeploymentRevisionRecord>
{
    public DeploymentRevisionType()
    {
        Name = "DeploymentRevision";
        Field(x => x.Revision);
        Field(x => x.ChangedAt);
        Field(x => x.ChangedBy);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RouteType>>>>("routes").Resolve(c => c.Source.Spec.Routes);
    }
}

public sealed class RouteType : ObjectGraphType<RouteSpec>
{
    public RouteType()
    {
        Name = "Route";
        Field(x => x.ModelName);
        Field(x => x.Version, nullable: true).Description("A fixed version, or null when the route follows an alias.");
        Field(x => x.Alias, nullable: true).Description("The alias the route follows, or null.");
        Field(x => x.Weight).Description("Share of primary traffic.");
        Field(x => x.Mode).Description("PRIMARY or SHADOW.");
    }
}

public sealed class BatchingType : ObjectGraphType<BatchingSpec>
{
    public BatchingType()
    {
        Name = "Batching";
        Field(x => x.Enabled);
        Field(x => x.MaxBatchSize);
        Field(x => x.MaxQueueDelayMicroseconds);
        Field(x => x.Instances);
    }
}

public sealed class SessionType : ObjectGraphType<SessionSpec>
{
    public SessionType()
    {
        Name = "SessionSettings";
        Field(x => x.IntraOpThreads);
        Field(x => x.GraphOptimizationLevel);
    }
}

public sealed class RouteInputType : InputObjectGraphType<RouteSpec>
{
    public RouteInputType()
    {
        Name = "RouteInput";
        Field<NonNullGraphType<StringGraphType>>("modelName");
        Field<IntGraphType>("version");
        Field<StringGraphType>("alias");
        Field<FloatGraphType>("weight").Description("Default 1.");
        Field<StringGraphType>("mode").Description("PRIMARY (default) or SHADOW.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new RouteSpec(
            (string)value["modelName"]!,
            value.TryGetValue("version", out var v) ? (int?)v : null,
            value.TryGetValue("alias", out var a) ? (string?)a : null,
            value.TryGetValue("weight", out var w) && w is not null ? Convert.ToDouble(w, System.Globalization.CultureInfo.InvariantCulture) : 1,
            value.TryGetValue("mode", out var m) && m is string mode ? mode.ToUpperInvariant() : RouteModes.Primary);
    }
}

public sealed class BatchingInputType : InputObjectGraphType<BatchingSpec>
{
    public BatchingInputType()
    {
        Name = "BatchingInput";
        Field<BooleanGraphType>("enabled");
        Field<IntGraphType>("maxBatchSize");
        Field<IntGraphType>("maxQueueDelayMicroseconds").Description("Default 0: run what is queued as soon as an instance is free.");
        Field<IntGraphType>("instances").Description("Executions that may run at once; default 1.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var defaults = new BatchingSpec();
        return new BatchingSpec(
            value.TryGetValue("enabled", out var e) && e is bool enabled ? enabled : defaults.Enabled,
            value.TryGetValue("maxBatchSize", out var s) && s is int size ? size : defaults.MaxBatchSize,
            value.TryGetValue("maxQueueDelayMicroseconds", out var d) && d is int delay ? delay : defaults.MaxQueueDelayMicroseconds,
            value.TryGetValue("instances", out var i) && i is int instances ? instances : defaults.Instances);
    }
}

public sealed class SessionInputType : InputObjectGraphType<SessionSpec>
{
    public SessionInputType()
    {
        Name = "SessionInput";
        Field<IntGraphType>("intraOpThreads");
        Field<StringGraphType>("graphOptimizationLevel");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var defaults = new SessionSpec();
        return new SessionSpec(
            value.TryGetValue("intraOpThreads", out var t) && t is int threads ? threads : defaults.IntraOpThreads,
            value.TryGetValue("graphOptimizationLevel", out var l) && l is string level ? level : defaults.GraphOptimizationLevel);
    }
}
