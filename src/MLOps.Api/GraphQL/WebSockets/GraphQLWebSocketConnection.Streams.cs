using GraphQL;
using Microsoft.Extensions.Logging;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>A subscription's events, from GraphQL.NET's event stream to the socket's outbox.</summary>
public sealed partial class GraphQLWebSocketConnection
{
    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL WebSocket operation {OperationId} could not send an event; the subscription ends")]
    private partial void LogEventFailed(string operationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GraphQL WebSocket operation {OperationId} sends event {Sequence} ({Outcome})")]
    private partial void LogEventSending(string operationId, int sequence, string outcome);

    private sealed class StreamObserver(GraphQLWebSocketConnection connection, GraphQLWebSocketOperation operation) : IObserver<ExecutionResult>
    {
        // Events handed to this observer, numbered from 1 in the debug log.
        private int _events;

        // GraphQL.NET delivers a subscription's events from one queue: an exception thrown here would stall the queue and
        // every later event of the subscription without a word, so it is logged and the subscription ends instead.
        public void OnNext(ExecutionResult value)
        {
            try
            {
                _events++;
                if (connection._logger.IsEnabled(LogLevel.Debug))
                {
                    connection.LogEventSending(operation.Id, _events,
                        operation.IsStopped ? "dropped: the operation has stopped" : value.Errors is { Count: > 0 } errors ? $"{errors.Count} errors" : "data");
                }

                connection.SendFor(operation, GraphQLWebSocketProtocol.Next, connection._serializer.Serialize(value));
            }
            catch (Exception e)
            {
                connection.LogEventFailed(operation.Id, e);
                OnError(e);
            }
        }

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
