namespace MLOps.Contracts.Identity;

/// <summary>Who is asking: the API key's owner and role, passed to grains so they check rules and audit.</summary>
/// <param name="Name">The key owner's name, recorded in the audit trail.</param>
/// <param name="Role">The key's role (see <see cref="Roles"/>).</param>
/// <param name="KeyId">The API key's id.</param>
[GenerateSerializer, Immutable, Alias("mlops.identity.Caller")]
public sealed record Caller([property: Id(0)] string Name, [property: Id(1)] string Role, [property: Id(2)] Guid KeyId)
{
    /// <summary>Throws FORBIDDEN unless this caller's role grants <paramref name="required"/>.</summary>
    public void Require(string required, string action)
    {
        if (!Roles.Grants(Role, required))
        {
            throw MLOpsException.Forbidden($"Your API key has the role '{Role}'; {action} needs the role '{required}' or higher.");
        }
    }
}
