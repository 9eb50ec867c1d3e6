using MLOps.Contracts.Registry;
using MLOps.Contracts.Serving;
using MLOps.Storage.Registry;

namespace MLOps.Storage.Deployments;

public static class RouteResolver
{
    /// <summary>The version a route points at now: its number, or its alias ('latest': newest READY).</summary>
    public static ModelVersionRecord? Resolve(RouteSpec route, IReadOnlyList<ModelVersionRecord> versions, IReadOnlyList<AliasRecord> aliases)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Version is { } number)
        {
            return versions.FirstOrDefault(v => v.Version == number);
        }

        if (string.Equals(route.Alias, "latest", StringComparison.OrdinalIgnoreCase))
        {
            return versions.Where(v => v.Status == VersionStatus.Ready).MaxBy(v => v.Version);
        }

        var alias = aliases.FirstOrDefault(a => a.Alias == route.Alias);
        return alias is null ? null : versions.FirstOrDefault(v => v.Version == alias.Version);
    }
}
