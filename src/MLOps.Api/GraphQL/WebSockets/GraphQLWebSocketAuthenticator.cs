using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Identity;
using MLOps.Contracts;
using MLOps.Contracts.Identity;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>
/// Authenticates a socket with the API-key scheme the HTTP endpoint uses: from the upgrade request's
/// Authorization header, or from connection_init's payload because browsers cannot set headers on a WebSocket.
/// </summary>
internal static class GraphQLWebSocketAuthenticator
{
    /// <summary>The user, or the close status and reason that refuse the socket.</summary>
    public static async Task<(ClaimsPrincipal? User, WebSocketCloseStatus Status, string Reason)> AuthenticateAsync(
        HttpContext upgrade, JsonElement payload, CancellationToken cancellationToken)
    {
        var (header, problem) = ReadPayloadKey(payload);
        if (problem is not null)
        {
            return (null, GraphQLWebSocketProtocol.BadRequest, problem);
        }

        // The scheme reads the key from a request's Authorization header, and a scope caches its handler (and the
        // handler its result) per request: a fresh scope and request let the very same handler check the payload's
        // key, or the upgrade's header again when the socket is checked later.
        header ??= upgrade.Request.Headers.Authorization.ToString() is { Length: > 0 } sent ? sent : null;
        await using var scope = upgrade.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        if (header is not null)
        {
            probe.Request.Headers.Authorization = header;
        }

        var result = await probe.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        var storeUnavailable = probe.Items.ContainsKey(ApiKeyAuthenticationHandler.StoreUnavailableItem);

        if (!result.Succeeded && storeUnavailable)
        {
            return (null, GraphQLWebSocketProtocol.TryAgainLater, "UNAVAILABLE: " + result.Failure!.Message);
        }

        if (!result.Succeeded)
        {
            return (null, GraphQLWebSocketProtocol.Unauthorized, ErrorCodes.Unauthenticated + ": " + (result.Failure?.Message
                ?? "send {\"apiKey\": \"mlops_...\"} as connection_init's payload or an Authorization header."));
        }

        var role = result.Principal.FindFirstValue(ClaimTypes.Role);
        return Roles.Grants(role, Roles.Reader)
            ? (result.Principal, default, string.Empty)
            : (null, GraphQLWebSocketProtocol.Forbidden, $"{ErrorCodes.Forbidden}: the role '{role}' cannot use the API; ask an admin for a '{Roles.Reader}' key.");
    }

    // Accepts {"Authorization": "Bearer mlops_..."}, {"authorization": ...} (as graphql-ws clients and
    // GraphiQL's header editor send it) or {"apiKey": "mlops_..."}; null when the payload carries no key.
    private static (string? Header, string? Problem) ReadPayloadKey(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        foreach (var property in payload.EnumerateObject())
        {
            var isHeader = property.NameEquals("Authorization") || property.NameEquals("authorization");
            if (!isHeader && !property.NameEquals("apiKey"))
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return (null, $"connection_init's '{property.Name}' must be a string.");
            }

            var value = property.Value.GetString()!;
            return (isHeader ? value : "Bearer " + value, null);
        }

        return (null, null);
    }
}
