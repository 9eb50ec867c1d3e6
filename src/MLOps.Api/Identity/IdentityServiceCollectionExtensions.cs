using Microsoft.Extensions.DependencyInjection;
using MLOps.Storage.Identity;

namespace MLOps.Api.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>API-key authentication for every request, and one policy per role.</summary>
    public static IServiceCollection AddApiKeyIdentity(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(RolePolicies.Add);
        return services;
    }
}
