using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using MLOps.Contracts.Monitoring;

namespace MLOps.Api.Monitoring;

/// <summary>
/// This process's fan-out of monitoring events to its GraphQL subscribers. <see cref="MonitoringEventRelay"/>
/// feeds it from the cluster stream, so a subscriber on any replica sees every replica's events. Observers are
/// called on the publishing thread, one notice at a time, and must not block; a throwing observer is dropped, never
/// the others, and said in the log.
/// </summary>
public sealed partial class MonitoringEventHub(ILogger<MonitoringEventHub> logger) : IObservable<MonitoringNotice>
{
    private readonly object _publishing = new();
    private ImmutableArray<IObserver<MonitoringNotice>> _observers = [];

    /// <summary>Number of live subscriptions (for tests and metrics).</summary>
    public int SubscriberCount => _observers.Length;

    public IDisposable Subscribe(IObserver<MonitoringNotice> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ImmutableInterlocked.Update(ref _observers, list => list.Add(observer));
        return new Unsubscriber(this, observer);
    }

    /// <summary>
    /// Hands the notice to every observer, one notice at a time: the relay publishes from the stream's thread and from
    /// its outbox catch-up at once, and an observer (a GraphQL subscription's event pipeline) may not be called
    /// concurrently, as the observer contract says; two overlapping calls could lose one of the events.
    /// </summary>
    public void Publish(MonitoringNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        lock (_publishing)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                LogPublishing(notice.Alert is { } alert ? $"alert {alert.Id} {alert.State}" : "window", notice.Alert?.Deployment ?? notice.Window?.Deployment, _observers.Length);
            }

            foreach (var observer in _observers)
            {
                try
                {
                    observer.OnNext(notice);
                }
                catch (Exception e)
                {
                    // A broken subscriber (its socket closed mid-send) must not starve the others.
                    Remove(observer);
                    LogObserverDropped(observer.GetType().Name, e);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Publishing {Notice} of {Deployment} to {Subscribers} subscribers")]
    private partial void LogPublishing(string notice, string? deployment, int subscribers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A monitoring event subscriber ({Observer}) threw and was dropped; it receives no more events")]
    private partial void LogObserverDropped(string observer, Exception exception);

    private void Remove(IObserver<MonitoringNotice> observer) =>
        ImmutableInterlocked.Update(ref _observers, list => list.Remove(observer));

    private sealed class Unsubscriber(MonitoringEventHub hub, IObserver<MonitoringNotice> observer) : IDisposable
    {
        public void Dispose() => hub.Remove(observer);
    }
}
