using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace MLOps.IntegrationTests.GraphQL.WebSockets;

/// <summary>
/// A raw graphql-transport-ws client over a <see cref="WebSocket"/>, for checking the protocol message by
/// message. A background reader queues what the server sends: messages, then the close that ends them.
/// </summary>
internal sealed class GraphQLWsTestClient : IAsyncDisposable
{
    public const string SubProtocol = "graphql-transport-ws";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly WebSocket _socket;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private readonly Task _reading;

    public GraphQLWsTestClient(WebSocket socket)
    {
        _socket = socket;
        _reading = Task.Run(ReadAsync);
    }

    public WebSocket Socket => _socket;

    /// <summary>Opens a socket to the server's /graphql asking for graphql-transport-ws (or the given sub-protocol).</summary>
    public static async Task<GraphQLWsTestClient> ConnectAsync(Uri httpBaseAddress, string? authorization = null, string? subProtocol = SubProtocol)
    {
        var client = new ClientWebSocket();
        if (subProtocol is not null)
        {
            client.Options.AddSubProtocol(subProtocol);
        }

        if (authorization is not null)
        {
            client.Options.SetRequestHeader("Authorization", authorization);
        }

        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await client.ConnectAsync(WebSocketUri(httpBaseAddress), timeout.Token);
        return new GraphQLWsTestClient(client);
    }

    public static Uri WebSocketUri(Uri httpBaseAddress) =>
        new UriBuilder(httpBaseAddress) { Scheme = httpBaseAddress.Scheme == "https" ? "wss" : "ws", Path = "/graphql" }.Uri;

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), type, endOfMessage: true, timeout.Token);
    }

    /// <summary>Sends connection_init with this payload and expects connection_ack.</summary>
    public async Task InitAsync(object? payload)
    {
        await SendAsync(payload is null ? new { type = "connection_init" } : new { type = "connection_init", payload });
        var ack = await ReceiveAsync();
        Assert.Equal("connection_ack", ack.GetProperty("type").GetString());
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message; fails if the server closes the socket instead.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        var received = await NextAsync(timeout);
        Assert.True(received.Message.HasValue, $"Expected a message; the server closed the socket with {received.Status} {received.Reason}.");
        return received.Message.Value;
    }

    /// <summary>Waits for the server to close the socket and returns the close status; fails on any message before it.</summary>
    public async Task<(int Status, string Reason)> ReceiveCloseAsync(TimeSpan? timeout = null)
    {
        var received = await NextAsync(timeout);
        Assert.False(received.Message.HasValue, $"Expected the socket to close; got {received.Message}.");
        Assert.True(received.Status.HasValue, $"Expected a close handshake; the connection was {received.Reason}.");
        return (received.Status!.Value, received.Reason ?? string.Empty);
    }

    /// <summary>Asserts that the server sends nothing (and does not close) for <paramref name="quiet"/>.</summary>
    public async Task AssertSilentAsync(TimeSpan quiet)
    {
        await Task.Delay(quiet);
        Assert.False(_received.Reader.TryPeek(out var received), $"Expected silence; got {received?.Message} {received?.Status}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                await _reading.WaitAsync(timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
            {
                // The server already went away.
            }
        }

        _socket.Dispose();
    }

    private async Task<Received> NextAsync(TimeSpan? timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _received.Reader.ReadAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server sent nothing within {timeout ?? DefaultTimeout}.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The socket is gone and every message was read.");
        }
    }

    private async Task ReadAsync()
    {
        using var text = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _received.Writer.TryWrite(new Received(null, (int?)result.CloseStatus, result.CloseStatusDescription));
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    return;
                }

                text.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    using var document = JsonDocument.Parse(text.ToArray());
                    _received.Writer.TryWrite(new Received(document.RootElement.Clone(), null, null));
                    text.SetLength(0);
                }
            }
        }
        catch (WebSocketException e)
        {
            _received.Writer.TryWrite(new Received(null, null, "aborted: " + e.Message));
        }
        catch (ObjectDisposedException)
        {
            // Disposed by the test.
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private sealed record Received(JsonElement? Message, int? Status, string? Reason);
}
