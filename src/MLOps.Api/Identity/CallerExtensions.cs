using System.Security.Claims;
using MLOps.Contracts;
using MLOps.Contracts.Identity;

namespace MLOps.Api.Identity;

public static class CallerExtensions
{
    /// <summary>The authenticated caller; UNAUTHENTICATED when the request carried no valid key.</summary>
    public static Caller ToCaller(this ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            throw new MLOpsException(ErrorCodes.Unauthenticated, "This request needs an API key: send 'Authorization: Bearer mlops_...'.");
        }

        return new Caller(
            user.FindFirstValue(ClaimTypes.Name)!,
            user.FindFirstValue(ClaimTypes.Role)!,
            Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim)!));
    }
}
