using System.ComponentModel.DataAnnotations;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>Limits of the GraphQL WebSocket endpoint (configuration section "GraphQL:WebSockets").</summary>
public sealed class GraphQLWebSocketOptions
{
    public const string SectionName = "GraphQL:WebSockets";

    /// <summary>How long a new socket may wait before sending connection_init; then it is closed with 4408.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an acknowledged socket's API key is checked again; a key revoked, expired or demoted since closes
    /// the socket with 4401 or 4403 (an identity store that cannot be reached keeps it open).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ReauthenticateInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Interval of WebSocket ping frames that keep idle sockets open through proxies.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server waits for the client's answer to a close before dropping the socket.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest message a client may send; a larger one closes the socket with 4400.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>Operations (subscriptions and queries in flight) one socket may run at once.</summary>
    [Range(1, 10_000)]
    public int MaxOperationsPerConnection { get; set; } = 50;

    /// <summary>
    /// Messages waiting to be sent to one socket; a client that falls this far behind is closed rather than
    /// letting the server buffer without bound.
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxPendingMessages { get; set; } = 1000;
}
