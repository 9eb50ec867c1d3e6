using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MLOps.Storage.Webhooks;

namespace MLOps.Server.Webhooks;

/// <summary>
/// Sends queued webhook deliveries: claims due ones (leasing each for two request timeouts, so replicas never
/// send the same delivery at once and no row lock is held during a request), POSTs the event, records the
/// attempt, and schedules a retry with exponential backoff and jitter until <see cref="WebhookOptions.MaxAttempts"/>.
/// Delivery is at least once: a replica that dies mid-request leaves its lease to run out and the delivery is
/// sent again, so receivers dedupe on X-MLOps-Delivery. Deliveries are not ordered.
/// </summary>
/// <remarks>
/// Each request (sent by <see cref="WebhookSender"/>) carries Content-Type: application/json, X-MLOps-Event
/// (the event type), X-MLOps-Delivery (the delivery id), X-MLOps-Timestamp (Unix seconds) and
/// X-MLOps-Signature-256; see <see cref="WebhookSignature"/> for the signature. A 2xx is success; any other
/// status (redirects are not followed), a timeout or a connection error is a failed attempt. The delay after
/// failed attempt n is min(MaxDelay, BaseDelay * 2^(n-1)) * (0.5 + 0.5 * random), so delays grow even with
/// jitter (each delay's range starts where the previous one's ends).
/// </remarks>
public sealed partial class WebhookDispatcher(
    WebhookDeliveryQueue queue,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan ListenerKeepAlive = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    private readonly WebhookOptions _options = options.Value;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private TimeSpan Lease => _options.RequestTimeout * 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenAsync(stoppingToken);
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(task => task.IsCompleted);
                // With every slot busy, the end of an in-flight delivery wakes the wait below.
                var wait = _options.PollInterval;
                try
                {
                    var free = _options.BatchSize - inFlight.Count;
                    if (free > 0)
                    {
                        var claimed = await queue.ClaimAsync(free, Lease, stoppingToken);
                        inFlight.AddRange(claimed.Select(delivery => DeliverAsync(delivery, stoppingToken)));
                        if (claimed.Count == free)
                        {
                            // A full claim: more may be due already.
                            continue;
                        }

                        // Sleep until the next retry is due. The floor keeps a delivery that another replica is
                        // claiming right now (skipped above, yet still due) from turning this into a busy loop.
                        if (await queue.GetTimeUntilNextDueAsync(stoppingToken) is { } due && due < wait)
                        {
                            wait = due > MinimumWait ? due : MinimumWait;
                        }
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogQueueUnavailable(e);
                    wait = ErrorDelay > _options.PollInterval ? ErrorDelay : _options.PollInterval;
                }

                await WaitAsync(wait, inFlight, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; in-flight deliveries hand their leases back below.
        }
        finally
        {
            await Task.WhenAll(inFlight);
            await listening;
        }
    }

    /// <summary>Waits for the delay, a notification of new deliveries, or the end of an in-flight delivery.</summary>
    private async Task WaitAsync(TimeSpan delay, List<Task> inFlight, CancellationToken stoppingToken)
    {
        if (!_wake.Reader.TryRead(out _))
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var woken = _wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
            await Task.WhenAny([woken, Task.Delay(delay, waiting.Token), .. inFlight]);
            await waiting.CancelAsync();
            _wake.Reader.TryRead(out _);
        }

        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.ListenAsync(() => _wake.Writer.TryWrite(true), ListenerKeepAlive, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenerFailed(e);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(ErrorDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            if (delivery.WebhookDeleted)
            {
                await queue.GiveUpAsync(delivery, "webhook deleted", CancellationToken.None);
                return;
            }

            if (delivery.Attempt > _options.MaxAttempts)
            {
                // Only after a crash mid-attempt, or when MaxAttempts was lowered.
                await queue.GiveUpAsync(delivery, $"gave up after {_options.MaxAttempts} attempts", CancellationToken.None);
                return;
            }

            var result = await sender.SendAsync(delivery, stoppingToken);
            if (result is null)
            {
                await queue.ReleaseAsync(delivery, CancellationToken.None);
                return;
            }

            var next = result.Succeeded ? WebhookDeliveryState.Succeeded
                : delivery.Attempt >= _options.MaxAttempts ? WebhookDeliveryState.Failed
                : WebhookDeliveryState.Pending;
            var delay = next == WebhookDeliveryState.Pending ? RetryDelay(delivery.Attempt) : TimeSpan.Zero;
            var outcome = new WebhookAttemptOutcome(result.StatusCode, result.Error, result.DurationMs, next, delay);

            if (!await queue.RecordAttemptAsync(delivery, outcome, CancellationToken.None))
            {
                LogLeaseLost(delivery.Id, delivery.WebhookId, delivery.Attempt);
                return;
            }

            WebhookTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome.NextState switch
            {
                WebhookDeliveryState.Succeeded => "succeeded",
                WebhookDeliveryState.Failed => "failed",
                _ => "retrying",
            }));
            LogOutcome(delivery, outcome);
        }
        catch (Exception e)
        {
            // The lease runs out and the delivery is attempted again.
            LogDeliveryError(e, delivery.Id, delivery.WebhookId);
        }
    }

    private TimeSpan RetryDelay(int failedAttempt)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries; it needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * Random.Shared.NextDouble())));
#pragma warning restore CA5394
    }

    private void LogOutcome(ClaimedDelivery delivery, WebhookAttemptOutcome outcome)
    {
        var result = outcome.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? outcome.Error ?? "no response";
        switch (outcome.NextState)
        {
            case WebhookDeliveryState.Succeeded:
                LogDelivered(delivery.Id, delivery.WebhookId, delivery.EventType, delivery.Attempt, result, outcome.DurationMs);
                break;
            case WebhookDeliveryState.Failed:
                LogGaveUp(delivery.Id, delivery.WebhookId, delivery.EventType, delivery.Attempt, result);
                break;
            default:
                LogRetrying(delivery.Id, delivery.WebhookId, delivery.EventType, delivery.Attempt, result, outcome.RetryDelay.TotalSeconds);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery {DeliveryId} to webhook {WebhookId} ({EventType}) succeeded on attempt {Attempt}: {Result} in {DurationMs:0} ms")]
    private partial void LogDelivered(long deliveryId, Guid webhookId, string eventType, int attempt, string result, double durationMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to webhook {WebhookId} ({EventType}) failed attempt {Attempt}: {Result}; retrying in {RetryDelaySeconds:0.###} s")]
    private partial void LogRetrying(long deliveryId, Guid webhookId, string eventType, int attempt, string result, double retryDelaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to webhook {WebhookId} ({EventType}) failed for good after attempt {Attempt}: {Result}")]
    private partial void LogGaveUp(long deliveryId, Guid webhookId, string eventType, int attempt, string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} to webhook {WebhookId} could not be completed; it will be attempted again when its lease runs out")]
    private partial void LogDeliveryError(Exception exception, long deliveryId, Guid webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} of webhook delivery {DeliveryId} to webhook {WebhookId} ended after its lease ran out; it was logged, and the delivery left to the attempt that took it over")]
    private partial void LogLeaseLost(long deliveryId, Guid webhookId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook delivery queue is unavailable; trying again shortly")]
    private partial void LogQueueUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for new webhook deliveries failed; polling until the listener reconnects")]
    private partial void LogListenerFailed(Exception exception);
}
