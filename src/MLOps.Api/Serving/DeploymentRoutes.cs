using MLOps.Api.Monitoring;
using MLOps.Contracts.Serving;

namespace MLOps.Api.Serving;

/// <summary>One route resolved to a version and its loaded model, with its monitor when the deployment is monitored.</summary>
public sealed record ResolvedRoute(RouteSpec Spec, int Version, string Sha256, ServedModel Model, RouteMonitor? Monitor = null);

/// <summary>A deployment's routes as this process serves them: an immutable snapshot swapped as a whole.</summary>
public sealed record DeploymentRoutes(string Name, int Revision, IReadOnlyList<ResolvedRoute> Primary, IReadOnlyList<ResolvedRoute> Shadows)
{
    private readonly double _totalWeight = Primary.Sum(r => r.Spec.Weight);

    /// <summary>
    /// Picks a primary route by weight: from the routing key's hash when the request carries one (the same key
    /// always lands on the same route), at random otherwise.
    /// </summary>
    public ResolvedRoute Pick(string? routingKey)
    {
        var point = (routingKey is null ? Random.Shared.NextDouble() : Fraction(routingKey)) * _totalWeight;
        foreach (var route in Primary)
        {
            point -= route.Spec.Weight;
            if (point < 0)
            {
                return route;
            }
        }

        return Primary[^1];
    }

    private static double Fraction(string key)
    {
        // FNV-1a: stable across processes and runs, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash >> 11) / (double)(1UL << 53);
    }
}
