using System.Net.WebSockets;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>The graphql-transport-ws sub-protocol: its name, message types and close codes.</summary>
public static class GraphQLWebSocketProtocol
{
    public const string SubProtocol = "graphql-transport-ws";

    public const string ConnectionInit = "connection_init";
    public const string ConnectionAck = "connection_ack";
    public const string Ping = "ping";
    public const string Pong = "pong";
    public const string Subscribe = "subscribe";
    public const string Next = "next";
    public const string Error = "error";
    public const string Complete = "complete";

    /// <summary>A message the protocol does not allow (malformed, unknown type, too large).</summary>
    public const WebSocketCloseStatus BadRequest = (WebSocketCloseStatus)4400;

    /// <summary>No valid API key, or an operation before the connection was acknowledged.</summary>
    public const WebSocketCloseStatus Unauthorized = (WebSocketCloseStatus)4401;

    /// <summary>The API key's role does not allow using the API.</summary>
    public const WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;

    /// <summary>The client did not ask for the graphql-transport-ws sub-protocol.</summary>
    public const WebSocketCloseStatus SubprotocolNotAcceptable = (WebSocketCloseStatus)4406;

    /// <summary>No connection_init arrived in time.</summary>
    public const WebSocketCloseStatus ConnectionInitialisationTimeout = (WebSocketCloseStatus)4408;

    /// <summary>A subscribe reused the id of an operation that is still running.</summary>
    public const WebSocketCloseStatus SubscriberAlreadyExists = (WebSocketCloseStatus)4409;

    /// <summary>A second connection_init on the same socket.</summary>
    public const WebSocketCloseStatus TooManyInitialisationRequests = (WebSocketCloseStatus)4429;

    /// <summary>The API keys could not be checked (database unreachable): the standard "try again later".</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;
}
