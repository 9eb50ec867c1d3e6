using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MLOps.Api.Apis;
using MLOps.Contracts;
using MLOps.Storage.Identity;

namespace MLOps.Api.Identity;

/// <summary>
/// Authenticates "Authorization: Bearer mlops_..." against the hashed keys in PostgreSQL. The key itself is
/// never logged; failures say what to fix without saying which part of a key was wrong.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "mlops:key_id";
    public const string StoreUnavailableItem = "mlops:identity_store_unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Send the API key as 'Authorization: Bearer mlops_...'.");
        }

        var secret = header["Bearer ".Length..].Trim();
        if (!ApiKeySecrets.LooksLikeKey(secret))
        {
            return AuthenticateResult.Fail("That is not an MLOps API key; keys start with 'mlops_'.");
        }

        ApiKeyRecord? key;
        try
        {
            key = await keys.FindActiveAsync(secret, Context.RequestAborted);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // Anonymous endpoints (health probes) must keep working while the database is down; the others
            // answer 503 instead of blaming the caller's key.
            Context.Items[StoreUnavailableItem] = true;
            return AuthenticateResult.Fail("API keys cannot be checked right now because the database is unreachable; retry shortly.");
        }

        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired; ask an admin for a new one.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, key.Owner),
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(KeyIdClaim, key.Id.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await Context.AuthenticateAsync(SchemeName)).Failure?.Message;
        if (Context.Items.ContainsKey(StoreUnavailableItem))
        {
            await ApiErrors.WriteAsync(Context, StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", failure!);
            return;
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated,
            failure ?? "This request needs an API key: send 'Authorization: Bearer mlops_...'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
            $"Your API key's role '{Context.User.FindFirstValue(ClaimTypes.Role)}' does not allow this request.");
}
