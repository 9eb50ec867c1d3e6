using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MLOps.Api.GraphQL.Http;
using MLOps.Contracts;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>
/// One accepted socket speaking graphql-transport-ws: connection_init and authentication, ping/pong, and the
/// operations started with subscribe until they complete or the socket closes. Messages are received and
/// handled one at a time; operations run concurrently; everything sent goes through one outbox.
/// </summary>
public sealed partial class GraphQLWebSocketConnection
{
    private const int ReceiveChunkBytes = 4096;

    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly IDocumentExecuter _executer;
    private readonly GraphQLWebSocketOptions _options;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<GraphQLWebSocketConnection> _logger;
    private readonly CancellationTokenSource _aborted;
    private readonly GraphQLWebSocketOutbox _outbox;
    private readonly ConcurrentDictionary<string, GraphQLWebSocketOperation> _operations = new(StringComparer.Ordinal);
    private volatile bool _initialised;
    private volatile bool _acknowledged;
    private ClaimsPrincipal? _user;
    private Task _credentials = Task.CompletedTask;

    /// <param name="socket">The accepted socket, with the graphql-transport-ws sub-protocol.</param>
    /// <param name="context">The upgrade request: its services, its Authorization header and its abort signal.</param>
    /// <param name="executer">Executes the schema's operations.</param>
    /// <param name="options">Timeouts and limits.</param>
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
        _aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        _outbox = new GraphQLWebSocketOutbox(socket, options, _aborted);
    }

    /// <summary>Serves the socket until it closes; every operation is stopped and disposed before this returns.</summary>
    public async Task RunAsync()
    {
        var sending = _outbox.RunAsync();
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
            _outbox.Close(WebSocketCloseStatus.NormalClosure, string.Empty);
            foreach (var operation in _operations.Values)
            {
                operation.Stop();
            }

            await Task.WhenAll(_operations.Values.Select(operation => operation.Execution));
            await sending;
            await _aborted.CancelAsync();
            await watching;
            await _credentials;
            _aborted.Dispose();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var message = new ArrayBufferWriter<byte>(ReceiveChunkBytes);
        var discard = new byte[ReceiveChunkBytes];
        while (true)
        {
            var closing = _outbox.IsClosing;
            var result = await _socket.ReceiveAsync(closing ? discard : message.GetMemory(ReceiveChunkBytes), _aborted.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                var status = _socket.CloseStatus is null or WebSocketCloseStatus.Empty ? WebSocketCloseStatus.NormalClosure : _socket.CloseStatus.Value;
                _outbox.Close(status, string.Empty);
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
                Refuse($"{ErrorCodes.LimitExceeded}: messages may have at most {_options.MaxMessageBytes} bytes.");
            }
            else if (result.EndOfMessage && result.MessageType == WebSocketMessageType.Binary)
            {
                Refuse("Messages are JSON text; binary messages are not accepted.");
            }
            else if (result.EndOfMessage)
            {
                await HandleAsync(message.WrittenMemory);
                message.ResetWrittenCount();
            }
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
            Refuse("Messages must be JSON objects such as {\"type\": \"ping\"}.");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                Refuse("Every message must be a JSON object with a string 'type'.");
                return;
            }

            var type = typeElement.GetString()!;
            var id = root.TryGetProperty("id", out var idElement) ? idElement : default;
            var payload = root.TryGetProperty("payload", out var payloadElement) ? payloadElement : default;
            switch (type)
            {
                case GraphQLWebSocketProtocol.ConnectionInit or GraphQLWebSocketProtocol.Ping or GraphQLWebSocketProtocol.Pong
                    when GraphQLWebSocketMessageReader.CheckObjectOrAbsent(type, payload) is { } problem:
                    Refuse(problem);
                    break;
                case GraphQLWebSocketProtocol.ConnectionInit:
                    await InitialiseAsync(payload);
                    break;
                case GraphQLWebSocketProtocol.Ping:
                    _outbox.Send(GraphQLWebSocketProtocol.Pong, null, null);
                    break;
                case GraphQLWebSocketProtocol.Pong:
                    break;
                case GraphQLWebSocketProtocol.Subscribe:
                    Subscribe(id, payload);
                    break;
                case GraphQLWebSocketProtocol.Complete:
                    Complete(id);
                    break;
                default:
                    Refuse($"'{type}' is not a message type a client may send.");
                    break;
            }
        }
    }

    private async Task InitialiseAsync(JsonElement payload)
    {
        if (_initialised)
        {
            _outbox.Close(GraphQLWebSocketProtocol.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        _initialised = true;
        var (user, status, reason) = await GraphQLWebSocketAuthenticator.AuthenticateAsync(_context, payload, _aborted.Token);
        if (user is null)
        {
            _outbox.Close(status, reason);
            return;
        }

        _user = user;
        _acknowledged = true;
        _outbox.Send(GraphQLWebSocketProtocol.ConnectionAck, null, null);
        _credentials = RecheckCredentialsAsync(payload.ValueKind == JsonValueKind.Undefined ? payload : payload.Clone());
    }

    // The key that opened the socket keeps being checked while it is open: revoking it (or letting it expire, or
    // demoting its role below reader) ends its subscriptions too, not only its next HTTP request.
    private async Task RecheckCredentialsAsync(JsonElement payload)
    {
        using var timer = new PeriodicTimer(_options.ReauthenticateInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_aborted.Token) && !_outbox.IsClosing)
            {
                var (user, status, reason) = await GraphQLWebSocketAuthenticator.AuthenticateAsync(_context, payload, _aborted.Token);
                if (user is not null)
                {
                    _user = user;
                }
                else if (status != GraphQLWebSocketProtocol.TryAgainLater)
                {
                    _outbox.Close(status, reason);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The socket closed.
        }
    }

    private void Subscribe(JsonElement idElement, JsonElement payload)
    {
        var problem = GraphQLWebSocketMessageReader.ReadId(GraphQLWebSocketProtocol.Subscribe, idElement, out var id);
        if (problem is not null)
        {
            Refuse(problem);
            return;
        }

        if (!_acknowledged)
        {
            _outbox.Close(GraphQLWebSocketProtocol.Unauthorized, "Unauthorized: send connection_init and wait for connection_ack before subscribe.");
            return;
        }

        problem = GraphQLWebSocketMessageReader.ReadRequest(payload, _serializer, out var request);
        if (problem is not null)
        {
            Refuse(problem);
            return;
        }

        if (_operations.ContainsKey(id))
        {
            _outbox.Close(GraphQLWebSocketProtocol.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }

        if (_operations.Count >= _options.MaxOperationsPerConnection)
        {
            var error = new ExecutionError(
                $"This connection already runs {_options.MaxOperationsPerConnection} operations; complete one before starting another, or open another connection.")
            { Code = ErrorCodes.LimitExceeded };
            _outbox.Send(GraphQLWebSocketProtocol.Error, id, _serializer.Serialize(new[] { error }));
            return;
        }

        var operation = new GraphQLWebSocketOperation(id);
        _operations[id] = operation;
        operation.Execution = Task.Run(() => RunOperationAsync(operation, request!));
    }

    private void Complete(JsonElement idElement)
    {
        var problem = GraphQLWebSocketMessageReader.ReadId(GraphQLWebSocketProtocol.Complete, idElement, out var id);
        if (problem is not null)
        {
            Refuse(problem);
        }
        else if (_operations.TryRemove(id, out var operation))
        {
            // The client stopped listening: nothing more is sent for this id, not even complete.
            operation.Stop();
        }
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
            // Completed by the client, or the socket closed.
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

    // The operation's last message. Its id is released first, so a client that reuses the id as soon as it
    // reads this message is not refused with 4409.
    private void Finish(GraphQLWebSocketOperation operation, string type, string? payload)
    {
        if (_operations.TryRemove(KeyValuePair.Create(operation.Id, operation)))
        {
            _outbox.Send(type, operation.Id, payload);
        }
    }

    private void SendFor(GraphQLWebSocketOperation operation, string type, string? payload)
    {
        if (!operation.IsStopped)
        {
            _outbox.Send(type, operation.Id, payload);
        }
    }

    private void Refuse(string problem) => _outbox.Close(GraphQLWebSocketProtocol.BadRequest, problem);

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
            _outbox.Close(GraphQLWebSocketProtocol.ConnectionInitialisationTimeout, "Connection initialisation timeout");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL WebSocket operation {OperationId} failed")]
    private partial void LogOperationFailed(string operationId, Exception exception);
}
