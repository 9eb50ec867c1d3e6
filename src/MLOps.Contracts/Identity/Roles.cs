namespace MLOps.Contracts.Identity;

/// <summary>
/// API key roles, each including the ones before it: reader (read only), contributor (register and change
/// models), approver (also approve or reject stage transitions), admin (also manage keys and webhooks).
/// </summary>
public static class Roles
{
    /// <summary>Reads everything, changes nothing.</summary>
    public const string Reader = "reader";

    /// <summary>Creates and changes models, versions, aliases and tags; requests stage transitions.</summary>
    public const string Contributor = "contributor";

    /// <summary>A contributor who may also approve or reject other people's stage transitions.</summary>
    public const string Approver = "approver";

    /// <summary>Everything, including API keys and webhooks.</summary>
    public const string Admin = "admin";

    /// <summary>All roles, weakest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Reader, Contributor, Approver, Admin];

    /// <summary>Whether <paramref name="role"/> is a known role.</summary>
    public static bool IsValid(string? role) => role is not null && All.Contains(role);

    /// <summary>Whether <paramref name="role"/> grants at least <paramref name="required"/>.</summary>
    public static bool Grants(string? role, string required)
    {
        var have = role is null ? -1 : IndexOf(role);
        return have >= 0 && have >= IndexOf(required);
    }

    private static int IndexOf(string role)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], role, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
