using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
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
/// Each request carries Content-Type: application/json, X-MLOps-Event (the event type), X-MLOps-Delivery (the
/// delivery id), X-MLOps-Timestamp (Unix seconds) and X-MLOps-Signature-256; see <see cref="WebhookSignature"/>
/// for the signature. A 2xx is success; any other status (redirects are not followed), a timeout or a
/// connection error is a failed attempt. The delay after failed attempt n is
/// min(MaxDelay, BaseDelay * 2^(n-1)) * (0.5 + 0.5 * random), so delays grow even with jitter.
/// </remarks>
public sealed partial class WebhookDispatcher(
    WebhookDeliveryQueue queue,
    IHttpClientFactory httpClientFactory,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>The named HttpClient; it has no resilience handlers, so one attempt is one request.</summary>
    public const string HttpClientName = "webhooks";

    private static readonly TimeSpan ListenerKeepAlive = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(5);

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
                TimeSpan wait;
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
                    }

                    var untilDue = await queue.GetTimeUntilNextDueAsync(stoppingToken);
                    wait = untilDue is { } due && due < _options.PollInterval ? due : _options.PollInterval;
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
        if (delay > TimeSpan.Zero && !_wake.Reader.TryRead(out _))
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

            var outcome = await SendAsync(delivery, stoppingToken);
            if (outcome is null)
            {
                await queue.ReleaseAsync(delivery, CancellationToken.None);
                return;
            }

            await queue.RecordAttemptAsync(delivery, outcome, CancellationToken.None);
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

    /// <summary>One attempt; null when it was cut short because the host is stopping.</summary>
    private async Task<WebhookAttemptOutcome?> SendAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        using var activity = WebhookTelemetry.ActivitySource.StartActivity("webhook deliver", ActivityKind.Internal);
        activity?.SetTag("mlops.webhook.id", delivery.WebhookId.ToString());
        activity?.SetTag("mlops.webhook.delivery_id", delivery.Id);
        activity?.SetTag("mlops.webhook.event_type", delivery.EventType);
        activity?.SetTag("mlops.webhook.attempt", delivery.Attempt);

        var body = WebhookEventBody.Serialize(delivery);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.EventHeader, delivery.EventType);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(delivery.Secret, timestamp, body));

        int? status = null;
        string? error = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_options.RequestTimeout);
            using var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"timed out after {_options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            error = e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}";
        }

        var duration = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        activity?.SetTag("http.response.status_code", status);
        var succeeded = status is >= 200 and < 300;
        if (!succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error ?? $"HTTP {status}");
        }

        var next = succeeded ? WebhookDeliveryState.Succeeded
            : delivery.Attempt >= _options.MaxAttempts ? WebhookDeliveryState.Failed
            : WebhookDeliveryState.Pending;
        var delay = next == WebhookDeliveryState.Pending ? RetryDelay(delivery.Attempt) : TimeSpan.Zero;
        return new WebhookAttemptOutcome(status, error, duration, next, delay);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook delivery queue is unavailable; trying again shortly")]
    private partial void LogQueueUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for new webhook deliveries failed; polling until the listener reconnects")]
    private partial void LogListenerFailed(Exception exception);
}
