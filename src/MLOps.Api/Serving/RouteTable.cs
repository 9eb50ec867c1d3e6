using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MLOps.Api.Monitoring;
using MLOps.Contracts.Monitoring;
using MLOps.Contracts.Serving;
using MLOps.Monitoring.Profiles;
using MLOps.Storage.Deployments;
using MLOps.Storage.Monitoring;
using MLOps.Storage.Registry;

namespace MLOps.Api.Serving;

/// <summary>
/// Every deployment's routes, cached in this process so the inference hot path makes no grain or database
/// call. A refresh resolves aliases, loads and warms every new session first, then swaps the whole table at
/// once, so traffic moves only to models that are ready; sessions no longer routed drain and are retired.
/// </summary>
public sealed partial class RouteTable(
    DeploymentStore deployments, RegistryReader registry, ServedModels models, MonitoringCollector monitors, ReferenceProfiles references, ILogger<RouteTable> logger)
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private FrozenDictionary<string, DeploymentRoutes> _routes = FrozenDictionary<string, DeploymentRoutes>.Empty;

    public DeploymentRoutes? Find(string name) => _routes.GetValueOrDefault(name);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var next = new Dictionary<string, DeploymentRoutes>(StringComparer.Ordinal);
            foreach (var deployment in await deployments.ListAsync(cancellationToken))
            {
                try
                {
                    next[deployment.Name] = await ResolveAsync(deployment, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Keep serving what worked before rather than dropping the deployment.
                    LogResolveFailed(deployment.Name, e.Message);
                    if (_routes.TryGetValue(deployment.Name, out var previous))
                    {
                        next[deployment.Name] = previous;
                    }
                }
            }

            _routes = next.ToFrozenDictionary(StringComparer.Ordinal);
            var routed = next.Values.SelectMany(d => d.Primary.Concat(d.Shadows)).Select(r => r.Model.Key).ToHashSet(StringComparer.Ordinal);
            await models.RetireUnusedAsync(routed);
            monitors.Retain(next.Values.SelectMany(d => d.Primary).Select(r => r.Monitor).OfType<RouteMonitor>()
                .Select(m => (m.Deployment, m.ModelName, m.Version)).ToHashSet());
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<DeploymentRoutes> ResolveAsync(DeploymentRecord deployment, CancellationToken cancellationToken)
    {
        var resolved = new List<ResolvedRoute>();
        foreach (var route in deployment.Spec.Routes)
        {
            var model = await registry.GetModelAsync(route.ModelName, cancellationToken)
                ?? throw new InvalidOperationException($"Model '{route.ModelName}' no longer exists.");
            var versions = await registry.GetVersionsAsync([model.Id], cancellationToken);
            var aliases = await registry.GetAliasesAsync([model.Id], cancellationToken);
            var target = RouteResolver.Resolve(route, versions, aliases)
                ?? throw new InvalidOperationException($"Route to '{route.ModelName}' points at nothing.");
            var served = await models.GetAsync(target.ArtifactSha256, deployment.Spec.Session, deployment.Spec.Batching, cancellationToken);
            var monitor = route.Mode == RouteModes.Primary ? await MonitorAsync(deployment, route.ModelName, target.Version, served, cancellationToken) : null;
            resolved.Add(new ResolvedRoute(route, target.Version, target.ArtifactSha256, served, monitor));
        }

        return new DeploymentRoutes(
            deployment.Name,
            deployment.Revision,
            [.. resolved.Where(r => r.Spec.Mode == RouteModes.Primary)],
            [.. resolved.Where(r => r.Spec.Mode == RouteModes.Shadow)]);
    }

    private async Task<RouteMonitor?> MonitorAsync(DeploymentRecord deployment, string modelName, int version, ServedModel served, CancellationToken ct)
    {
        var spec = deployment.Spec.Monitoring ?? new MonitoringSpec();
        if (!spec.Enabled)
        {
            return null;
        }

        (ReferenceProfile Profile, string Sha256)? reference = null;
        try
        {
            reference = await references.GetAsync(modelName, version, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Profile without a reference (quality, requests, performance) rather than not at all.
            LogReferenceFailed(modelName, version, e.Message);
        }

        var layout = FeatureLayout.Create(served.Session.Inputs, served.Session.Outputs, reference?.Profile);
        var specJson = JsonSerializer.Serialize(spec, RegistryJson.Options);
        return monitors.GetOrCreate(deployment.Name, modelName, version, layout, reference?.Profile, reference?.Sha256 ?? string.Empty, spec, specJson);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reference profile of {Model} v{Version} could not be read; its windows are profiled without it: {Reason}")]
    private partial void LogReferenceFailed(string model, int version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Deployment} could not be resolved; its previous routes stay: {Reason}")]
    private partial void LogResolveFailed(string deployment, string reason);
}
