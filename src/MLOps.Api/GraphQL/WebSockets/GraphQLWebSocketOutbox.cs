using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MLOps.Contracts;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>
/// Everything a socket sends, in order, one frame at a time: messages are queued from any thread and written by
/// one loop, which ends with the close frame. A client that falls too far behind is closed, not buffered for.
/// </summary>
internal sealed class GraphQLWebSocketOutbox(WebSocket socket, GraphQLWebSocketOptions options, CancellationTokenSource aborted)
{
    // A close reason may carry at most 123 bytes of UTF-8 (RFC 6455, 5.5: control frames hold 125 bytes).
    private const int MaxCloseReasonBytes = 123;

    private readonly Channel<byte[]> _messages = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.MaxPendingMessages) { SingleReader = true });
    private CloseFrame? _close;

    /// <summary>Whether the socket is being closed: nothing more is sent and what arrives is ignored.</summary>
    public bool IsClosing => Volatile.Read(ref _close) is not null;

    /// <summary>Queues a message; <paramref name="payload"/> is JSON text, or null for none.</summary>
    public void Send(string type, string? id, string? payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (id is not null)
            {
                writer.WriteString("id", id);
            }

            writer.WriteString("type", type);
            if (payload is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payload, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        if (!_messages.Writer.TryWrite(buffer.WrittenSpan.ToArray()) && !IsClosing)
        {
            Close(WebSocketCloseStatus.PolicyViolation,
                $"{ErrorCodes.LimitExceeded}: {options.MaxPendingMessages} messages were waiting; read faster or subscribe to less.");
        }
    }

    /// <summary>Closes the socket with this status, once: what is still queued is dropped, then the close frame goes out.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.CompareExchange(ref _close, new CloseFrame(status, Truncate(reason)), null) is null)
        {
            _messages.Writer.TryComplete();
        }
    }

    /// <summary>Writes queued messages until <see cref="Close"/>, then the close frame; drops the socket if the client does not answer it in time.</summary>
    public async Task RunAsync()
    {
        try
        {
            var reader = _messages.Reader;
            while (await reader.WaitToReadAsync(aborted.Token))
            {
                while (!IsClosing && reader.TryRead(out var message))
                {
                    await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, aborted.Token);
                }

                if (IsClosing)
                {
                    break;
                }
            }

            var (status, reason) = Volatile.Read(ref _close)!;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, aborted.Token);
            }

            aborted.CancelAfter(options.CloseTimeout);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            await aborted.CancelAsync();
        }
    }

    private static string Truncate(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= MaxCloseReasonBytes)
        {
            return reason;
        }

        var length = reason.Length;
        while (Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxCloseReasonBytes - 3)
        {
            length--;
        }

        return string.Concat(reason.AsSpan(0, length), "...");
    }

    private sealed record CloseFrame(WebSocketCloseStatus Status, string Reason);
}
