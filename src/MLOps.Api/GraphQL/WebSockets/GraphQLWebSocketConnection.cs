using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MLOps.Api.GraphQL.Http;
using MLOps.Contracts;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>
/// One accepted socket speaking graphql-transport-ws: connection_init and authentication, ping/pong, and the
/// operations started with subscribe until they complete or the socket closes. Messages are received one at a
/// time; operations run concurrently, and everything sent goes through one queue, so one frame is written at a time.
/// </summary>
public sealed partial class GraphQLWebSocketConnection
{
    private const int ReceiveChunkBytes = 4096;

    // A close reason may carry at most 123 bytes of UTF-8 (RFC 6455, 5.5: control frames hold 125 bytes).
    private const int MaxCloseReasonBytes = 123;

    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly IDocumentExecuter _executer;
    private readonly GraphQLWebSocketOptions _options;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<GraphQLWebSocketConnection> _logger;
    private readonly Channel<byte[]> _outgoing;
    private readonly ConcurrentDictionary<string, GraphQLWebSocketOperation> _operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _aborted;
    private CloseFrame? _close;
    private volatile bool _initialised;
    private volatile bool _acknowledged;
    private ClaimsPrincipal? _user;

    public GraphQLWebSocketConnection(WebSocket socket, HttpContext context, IDocumentExecuter executer, GraphQLWebSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _context = context;
        _executer = executer ?? throw new ArgumentNullException(nameof(executer));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _serializer = context.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        _scopes = context.RequestServices.GetRequiredService<IServiceScopeFactory>();
        _logger = context.RequestServices.GetRequiredService<ILogger<GraphQLWebSocketConnection>>();
        _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.MaxPendingMessages) { SingleReader = true });
        _aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
    }

    private bool IsClosing => Volatile.Read(ref _close) is not null;

    /// <summary>Serves the socket until it closes; every operation is stopped and disposed before this returns.</summary>
    public async Task RunAsync()
    {
        var sending = SendLoopAsync();
        var watching = WatchInitialisationAsync();
        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away without a close handshake, or did not answer ours in time.
        }
        finally
        {
            Close(WebSocketCloseStatus.NormalClosure, string.Empty);
            foreach (var operation in _operations.Values)
            {
                operation.Stop();
            }

            await Task.WhenAll(_operations.Values.Select(operation => operation.Execution));
            await sending;
            await _aborted.CancelAsync();
            await watching;
            _aborted.Dispose();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var message = new ArrayBufferWriter<byte>(ReceiveChunkBytes);
        var discard = new byte[ReceiveChunkBytes];
        while (true)
        {
            var closing = IsClosing;
            var result = await _socket.ReceiveAsync(closing ? discard : message.GetMemory(ReceiveChunkBytes), _aborted.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                var status = _socket.CloseStatus is null or WebSocketCloseStatus.Empty ? WebSocketCloseStatus.NormalClosure : _socket.CloseStatus.Value;
                Close(status, string.Empty);
                return;
            }

            if (closing)
            {
                // Only the client's answer to our close is still of interest.
                continue;
            }

            message.Advance(result.Count);
            if (message.WrittenCount > _options.MaxMessageBytes)
            {
                Close(GraphQLWebSocketProtocol.BadRequest, $"{ErrorCodes.LimitExceeded}: messages may have at most {_options.MaxMessageBytes} bytes.");
                continue;
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                Close(GraphQLWebSocketProtocol.BadRequest, "Messages are JSON text; binary messages are not accepted.");
            }
            else
            {
                await HandleAsync(message.WrittenMemory);
            }

            message.ResetWrittenCount();
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            Close(GraphQLWebSocketProtocol.BadRequest, "Messages must be JSON objects such as {\"type\": \"ping\"}.");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                Close(GraphQLWebSocketProtocol.BadRequest, "Every message must be a JSON object with a string 'type'.");
                return;
            }

            var type = typeElement.GetString()!;
            var id = root.TryGetProperty("id", out var idElement) ? idElement : default;
            var payload = root.TryGetProperty("payload", out var payloadElement) ? payloadElement : default;
            switch (type)
            {
                case GraphQLWebSocketProtocol.ConnectionInit when IsObjectOrAbsent(type, payload):
                    await InitialiseAsync(payload);
                    break;
                case GraphQLWebSocketProtocol.Ping when IsObjectOrAbsent(type, payload):
                    Send(GraphQLWebSocketProtocol.Pong, null, null);
                    break;
                case GraphQLWebSocketProtocol.Pong when IsObjectOrAbsent(type, payload):
                    break;
                case GraphQLWebSocketProtocol.Subscribe:
                    Subscribe(id, payload);
                    break;
                case GraphQLWebSocketProtocol.Complete:
                    if (TryReadId(type, id, out var completed) && _operations.TryRemove(completed, out var operation))
                    {
                        // The client stopped listening: nothing more is sent for this id, not even complete.
                        operation.Stop();
                    }

                    break;
                case GraphQLWebSocketProtocol.ConnectionInit or GraphQLWebSocketProtocol.Ping or GraphQLWebSocketProtocol.Pong:
                    // Refused by IsObjectOrAbsent.
                    break;
                default:
                    Close(GraphQLWebSocketProtocol.BadRequest, $"'{type}' is not a message type a client may send.");
                    break;
            }
        }
    }

    private async Task InitialiseAsync(JsonElement payload)
    {
        if (_initialised)
        {
            Close(GraphQLWebSocketProtocol.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        _initialised = true;
        var (user, status, reason) = await GraphQLWebSocketAuthenticator.AuthenticateAsync(_context, payload, _aborted.Token);
        if (user is null)
        {
            Close(status, reason);
            return;
        }

        _user = user;
        _acknowledged = true;
        Send(GraphQLWebSocketProtocol.ConnectionAck, null, null);
    }

    private void Subscribe(JsonElement idElement, JsonElement payload)
    {
        if (!TryReadId(GraphQLWebSocketProtocol.Subscribe, idElement, out var id))
        {
            return;
        }

        if (!_acknowledged)
        {
            Close(GraphQLWebSocketProtocol.Unauthorized, "Unauthorized: send connection_init and wait for connection_ack before subscribe.");
            return;
        }

        var request = ReadRequest(payload);
        if (request is null)
        {
            return;
        }

        if (_operations.ContainsKey(id))
        {
            Close(GraphQLWebSocketProtocol.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }

        if (_operations.Count >= _options.MaxOperationsPerConnection)
        {
            var error = new ExecutionError(
                $"This connection already runs {_options.MaxOperationsPerConnection} operations; complete one before starting another, or open another connection.")
            { Code = ErrorCodes.LimitExceeded };
            Send(GraphQLWebSocketProtocol.Error, id, _serializer.Serialize(new[] { error }));
            return;
        }

        var operation = new GraphQLWebSocketOperation(id);
        _operations[id] = operation;
        operation.Execution = Task.Run(() => RunOperationAsync(operation, request));
    }

    private async Task RunOperationAsync(GraphQLWebSocketOperation operation, GraphQLHttpRequest request)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            ExecutionResult result;
            using (var activity = GraphQLTelemetry.StartOperation(request))
            {
                activity?.SetTag("graphql.transport", "websocket");
                result = await _executer.ExecuteAsync(new ExecutionOptions
                {
                    Query = request.Query,
                    OperationName = request.OperationName,
                    Variables = request.Variables,
                    Extensions = request.Extensions,
                    RequestServices = scope.ServiceProvider,
                    User = _user,
                    CancellationToken = operation.Cancellation,
                });
                GraphQLTelemetry.Complete(activity, result);
            }

            if (result.Streams is { Count: > 0 } streams)
            {
                // The scope lives as long as the subscription: each event executes the selection set with it.
                using var subscription = streams.Values.First().Subscribe(new StreamObserver(this, operation));
                await operation.Stopped;
                return;
            }

            if (!result.Executed)
            {
                Finish(operation, GraphQLWebSocketProtocol.Error, _serializer.Serialize(result.Errors?.ToArray() ?? []));
                return;
            }

            SendFor(operation, GraphQLWebSocketProtocol.Next, _serializer.Serialize(result));
            Finish(operation, GraphQLWebSocketProtocol.Complete, null);
        }
        catch (OperationCanceledException) when (operation.Cancellation.IsCancellationRequested)
        {
            // Completed by the client or the socket closed.
        }
        catch (Exception e)
        {
            LogOperationFailed(operation.Id, e);
            var error = new ExecutionError("The operation failed on the server; retry it, and report it if it keeps failing.");
            Finish(operation, GraphQLWebSocketProtocol.Error, _serializer.Serialize(new[] { error }));
        }
        finally
        {
            _operations.TryRemove(KeyValuePair.Create(operation.Id, operation));
            operation.Stop();
            operation.Dispose();
        }
    }

    // The operation's last message: the id is released first, so a client that reuses it right after this
    // message is not refused with 4409.
    private void Finish(GraphQLWebSocketOperation operation, string type, string? payload)
    {
        if (_operations.TryRemove(KeyValuePair.Create(operation.Id, operation)))
        {
            Send(type, operation.Id, payload);
        }
    }

    private void SendFor(GraphQLWebSocketOperation operation, string type, string? payload)
    {
        if (!operation.IsStopped)
        {
            Send(type, operation.Id, payload);
        }
    }

    private GraphQLHttpRequest? ReadRequest(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String || query.GetString()!.Length == 0)
        {
            Close(GraphQLWebSocketProtocol.BadRequest, "subscribe needs a payload with a 'query' string.");
            return null;
        }

        string? operationName = null;
        if (payload.TryGetProperty("operationName", out var name) && name.ValueKind != JsonValueKind.Null)
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                Close(GraphQLWebSocketProtocol.BadRequest, "subscribe's 'operationName' must be a string or null.");
                return null;
            }

            operationName = name.GetString();
        }

        if (!TryReadInputs(payload, "variables", out var variables) || !TryReadInputs(payload, "extensions", out var extensions))
        {
            return null;
        }

        return new GraphQLHttpRequest(query.GetString()!, operationName, variables, extensions);
    }

    private bool TryReadInputs(JsonElement payload, string property, out Inputs? inputs)
    {
        inputs = null;
        if (!payload.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Close(GraphQLWebSocketProtocol.BadRequest, $"subscribe's '{property}' must be an object or null.");
            return false;
        }

        inputs = _serializer.ReadNode<Inputs>(value);
        return true;
    }

    private bool TryReadId(string type, JsonElement id, out string value)
    {
        value = id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty;
        if (value.Length > 0)
        {
            return true;
        }

        Close(GraphQLWebSocketProtocol.BadRequest, $"'{type}' needs a non-empty string 'id'.");
        return false;
    }

    private bool IsObjectOrAbsent(string type, JsonElement payload)
    {
        if (payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object)
        {
            return true;
        }

        Close(GraphQLWebSocketProtocol.BadRequest, $"The payload of '{type}' must be an object.");
        return false;
    }

    private async Task WatchInitialisationAsync()
    {
        try
        {
            await Task.Delay(_options.ConnectionInitTimeout, _aborted.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!_initialised)
        {
            Close(GraphQLWebSocketProtocol.ConnectionInitialisationTimeout, "Connection initialisation timeout");
        }
    }

    /// <summary>Queues a message; a client too slow to take its messages is closed instead of buffered without bound.</summary>
    private void Send(string type, string? id, string? payload)
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

        if (!_outgoing.Writer.TryWrite(buffer.WrittenSpan.ToArray()) && !IsClosing)
        {
            Close(WebSocketCloseStatus.PolicyViolation,
                $"{ErrorCodes.LimitExceeded}: {_options.MaxPendingMessages} messages were waiting; read faster or subscribe to less.");
        }
    }

    /// <summary>Closes the socket once with this status: what is still queued is dropped, then the close frame goes out.</summary>
    private void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.CompareExchange(ref _close, new CloseFrame(status, Truncate(reason)), null) is null)
        {
            _outgoing.Writer.TryComplete();
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            var reader = _outgoing.Reader;
            while (await reader.WaitToReadAsync(_aborted.Token))
            {
                while (!IsClosing && reader.TryRead(out var message))
                {
                    await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _aborted.Token);
                }

                if (IsClosing)
                {
                    break;
                }
            }

            var (status, reason) = Volatile.Read(ref _close)!;
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, reason, _aborted.Token);
            }

            // A client that does not answer the close in time is dropped.
            _aborted.CancelAfter(_options.CloseTimeout);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            await _aborted.CancelAsync();
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

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL WebSocket operation {OperationId} failed")]
    private partial void LogOperationFailed(string operationId, Exception exception);

    private sealed record CloseFrame(WebSocketCloseStatus Status, string Reason);

    private sealed class StreamObserver(GraphQLWebSocketConnection connection, GraphQLWebSocketOperation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) =>
            connection.SendFor(operation, GraphQLWebSocketProtocol.Next, connection._serializer.Serialize(value));

        public void OnError(Exception error)
        {
            var result = new ExecutionResult { Errors = [new ExecutionError("The event stream failed; subscribe again.", error)] };
            connection.SendFor(operation, GraphQLWebSocketProtocol.Next, connection._serializer.Serialize(result));
            OnCompleted();
        }

        public void OnCompleted()
        {
            connection.Finish(operation, GraphQLWebSocketProtocol.Complete, null);
            operation.Stop();
        }
    }
}
