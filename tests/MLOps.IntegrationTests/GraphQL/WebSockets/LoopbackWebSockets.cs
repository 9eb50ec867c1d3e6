using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace MLOps.IntegrationTests.GraphQL.WebSockets;

/// <summary>
/// Two ends of a real WebSocket over a loopback TCP connection, without an HTTP handshake: lets a test run one
/// <see cref="MLOps.Api.GraphQL.WebSockets.GraphQLWebSocketConnection"/> with options of its own.
/// </summary>
internal sealed class LoopbackWebSockets : IDisposable
{
    private readonly TcpClient _client;
    private readonly TcpClient _server;

    private LoopbackWebSockets(TcpClient client, TcpClient server)
    {
        _client = client;
        _server = server;
        Client = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false, SubProtocol = GraphQLWsTestClient.SubProtocol });
        Server = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true, SubProtocol = GraphQLWsTestClient.SubProtocol });
    }

    public WebSocket Client { get; }

    public WebSocket Server { get; }

    public static async Task<LoopbackWebSockets> CreateAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient();
            var accepting = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            return new LoopbackWebSockets(client, await accepting);
        }
        finally
        {
            listener.Stop();
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        _client.Dispose();
        _server.Dispose();
    }
}
