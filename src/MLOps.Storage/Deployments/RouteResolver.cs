using System.Globalization;
using MLOps.Contracts.Registry;
using MLOps.Contracts.Serving;
using MLOps.Storage.Registry;

namespace MLOps.Storage.Deployments;

public static class RouteResolver
{
    /// <summary>The version a route points at now: its number, or what its alias resolves to.</summary>
    public static ModelVersionRecord? Resolve(RouteSpec route, IReadOnlyList<ModelVersionRecord> versions, IReadOnlyList<AliasRecord> aliases)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Version is { } number
            ? versions.FirstOrDefault(v => v.Version == number)
            : ResolveAlias(route.Alias!, versions, aliases);
    }

    /// <summary>
    /// What an alias names, as the registry defines it: 'latest' is the newest READY version, 'v3' is version
    /// 3, anything else is looked up among the model's aliases. Null when it names nothing.
    /// </summary>
    public static ModelVersionRecord? ResolveAlias(string name, IReadOnlyList<ModelVersionRecord> versions, IReadOnlyList<AliasRecord> aliases)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(aliases);
        if (string.Equals(name, "latest", StringComparison.OrdinalIgnoreCase))
        {
            return versions.Where(v => v.Status == VersionStatus.Ready).MaxBy(v => v.Version);
        }

        if (name.Length > 1 && name[0] is 'v' or 'V' && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return versions.FirstOrDefault(v => v.Version == number);
        }

        var alias = aliases.FirstOrDefault(a => string.Equals(a.Alias, name, StringComparison.Ordinal));
        return alias is null ? null : versions.FirstOrDefault(v => v.Version == alias.Version);
    }
}
