using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using MLOps.Storage.Webhooks;

namespace MLOps.Server.Webhooks;

/// <summary>
/// One attempt of a delivery: a single signed POST through the "webhooks" HttpClient, which has no retry
/// handlers, within <see cref="WebhookOptions.RequestTimeout"/>. Only the response headers are awaited.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClientFactory, IOptions<WebhookOptions> options)
{
    /// <summary>The named HttpClient; it has no resilience handlers, so one attempt is one request.</summary>
    public const string HttpClientName = "webhooks";

    private readonly WebhookOptions _options = options.Value;

    /// <summary>Sends the delivery once; null when the attempt was cut short because the host is stopping.</summary>
    public async Task<WebhookAttemptResult?> SendAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
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

        var result = new WebhookAttemptResult(status, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        activity?.SetTag("http.response.status_code", status);
        if (!result.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error ?? $"HTTP {status}");
        }

        return result;
    }
}
