using System.Net.WebSockets;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>
/// The GraphQL WebSocket transport (graphql-transport-ws) on the same path as GraphQL over HTTP: WebSocket
/// upgrade requests to the path branch off here, everything else goes on to the HTTP endpoint.
/// </summary>
public static class GraphQLWebSocketEndpoint
{
    /// <summary>
    /// Accepts WebSocket upgrades on <paramref name="path"/>. Place it after authentication; the socket is
    /// authenticated by its upgrade request's Authorization header or by connection_init's payload.
    /// </summary>
    public static IApplicationBuilder UseGraphQLWebSockets<TSchema>(this IApplicationBuilder app, string path = "/graphql")
        where TSchema : ISchema
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = new PathString(path);
        app.UseWebSockets();
        return app.MapWhen(
            context => context.WebSockets.IsWebSocketRequest && context.Request.Path.Equals(endpoint),
            branch => branch.Run(HandleAsync<TSchema>));
    }

    private static async Task HandleAsync<TSchema>(HttpContext context)
        where TSchema : ISchema
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<GraphQLWebSocketOptions>>().Value;
        var speaksProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLWebSocketProtocol.SubProtocol, StringComparer.Ordinal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = speaksProtocol ? GraphQLWebSocketProtocol.SubProtocol : null,
            KeepAliveInterval = options.KeepAliveInterval,
        });
        if (!speaksProtocol)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(options.CloseTimeout);
            try
            {
                await socket.CloseAsync(GraphQLWebSocketProtocol.SubprotocolNotAcceptable,
                    $"Subprotocol not acceptable: ask for '{GraphQLWebSocketProtocol.SubProtocol}'.", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The client left first.
            }

            return;
        }

        var connection = new GraphQLWebSocketConnection(socket, context, services.GetRequiredService<IDocumentExecuter<TSchema>>(), options);
        await connection.RunAsync();
    }
}
