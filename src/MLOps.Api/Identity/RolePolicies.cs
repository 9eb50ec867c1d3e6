using Microsoft.AspNetCore.Authorization;
using MLOps.Contracts.Identity;

namespace MLOps.Api.Identity;

/// <summary>One authorization policy per role, each admitting that role and every stronger one.</summary>
public static class RolePolicies
{
    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var role in Roles.All)
        {
            options.AddPolicy(role, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => Roles.Grants(context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value, role)));
        }

        options.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
    }
}
