using System.Text.RegularExpressions;
using MLOps.Contracts;
using MLOps.Contracts.Registry;
using MLOps.Contracts.Serving;
using MLOps.Grains.Monitoring;
using MLOps.Storage.Deployments;
using MLOps.Storage.Registry;

namespace MLOps.Grains.Serving;

/// <summary>What a deployment spec must satisfy, each refusal a sentence that says why.</summary>
public static partial class DeploymentRules
{
    public const int MaxRoutes = 16;

    public static void ValidateName(string name)
    {
        if (!DeploymentName().IsMatch(name))
        {
            throw MLOpsException.Invalid($"'{name}' is not a valid deployment name: use 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit.");
        }
    }

    /// <summary>Checks the spec's shape and that every route points at something servable right now.</summary>
    public static async Task ValidateAsync(DeploymentSpec spec, RegistryReader registry, int minimumWindowSeconds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Routes is not { Count: > 0 } || spec.Routes.Count > MaxRoutes)
        {
            throw MLOpsException.Invalid($"A deployment needs 1 to {MaxRoutes} routes.");
        }

        if (!spec.Routes.Any(r => r.Mode == RouteModes.Primary))
        {
            throw MLOpsException.Invalid("A deployment needs at least one PRIMARY route to answer requests; SHADOW routes only get copies.");
        }

        if (spec.Batching.MaxBatchSize is < 1 or > 1024 || spec.Batching.MaxQueueDelayMicroseconds is < 0 or > 1_000_000
            || spec.Batching.Instances is < 1 or > 64)
        {
            throw MLOpsException.Invalid(
                "Batching needs maxBatchSize between 1 and 1024, maxQueueDelayMicroseconds between 0 and 1000000 and instances between 1 and 64.");
        }

        if (spec.Session.IntraOpThreads is < 1 or > 64 || spec.Session.GraphOptimizationLevel.ToLowerInvariant() is not ("disabled" or "basic" or "extended" or "all"))
        {
            throw MLOpsException.Invalid("Session settings need intraOpThreads between 1 and 64 and graphOptimizationLevel disabled, basic, extended or all.");
        }

        if (spec.Monitoring is { } monitoring)
        {
            MonitoringRules.Validate(monitoring, minimumWindowSeconds);
        }

        foreach (var route in spec.Routes)
        {
            await ValidateRouteAsync(route, registry);
        }
    }

    private static async Task ValidateRouteAsync(RouteSpec route, RegistryReader registry)
    {
        if (route.Mode is not (RouteModes.Primary or RouteModes.Shadow))
        {
            throw MLOpsException.Invalid($"Route mode '{route.Mode}' is unknown; use PRIMARY or SHADOW.");
        }

        if (route.Mode == RouteModes.Primary && (!double.IsFinite(route.Weight) || route.Weight <= 0))
        {
            throw MLOpsException.Invalid($"The PRIMARY route to '{route.ModelName}' needs a positive weight.");
        }

        if ((route.Version is null) == (route.Alias is null))
        {
            throw MLOpsException.Invalid($"The route to '{route.ModelName}' must name either a version or an alias, not both or neither.");
        }

        var model = await registry.GetModelAsync(route.ModelName, default)
            ?? throw MLOpsException.NotFound($"No model is named '{route.ModelName}'.");
        var versions = await registry.GetVersionsAsync([model.Id], default);
        var aliases = await registry.GetAliasesAsync([model.Id], default);
        var target = RouteResolver.Resolve(route, versions, aliases)
            ?? throw MLOpsException.NotFound(route.Alias is null
                ? $"Model '{route.ModelName}' has no version {route.Version}."
                : $"Model '{route.ModelName}' has no alias '{route.Alias}'.");
        if (target.Status != VersionStatus.Ready)
        {
            throw MLOpsException.Invalid($"Version {target.Version} of '{route.ModelName}' is {target.Status}; only READY versions can be deployed.");
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DeploymentName();
}
