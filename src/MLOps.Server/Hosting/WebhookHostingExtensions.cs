using Microsoft.Extensions.Http.Resilience;
using MLOps.Server.Webhooks;
using MLOps.Storage.Webhooks;

namespace MLOps.Server.Hosting;

public static class WebhookHostingExtensions
{
    /// <summary>
    /// Webhook registrations (<see cref="WebhookRepository"/>) and delivery: the dispatcher that sends queued
    /// deliveries (options from the "Webhooks" section), its HttpClient and its telemetry. Needs an
    /// NpgsqlDataSource in DI; registered after storage, the dispatcher starts once migrations are applied.
    /// </summary>
    public static TBuilder AddWebhookDelivery<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.MaxDelay >= options.BaseDelay, "Webhooks:MaxDelay must not be shorter than Webhooks:BaseDelay.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookRepository>();
        builder.Services.AddSingleton<WebhookDeliveryQueue>();

        // Retries are the dispatcher's (durable, with backoff across restarts), so the resilience handler
        // ServiceDefaults puts on every client comes off: one attempt is one request. Redirects are not
        // followed: a receiver answers for itself, and a redirect could point the signed body anywhere. The
        // factory's request logging is off: it would log webhook URLs (which often embed tokens) and, at Trace,
        // the signature header; the dispatcher logs each outcome by webhook id instead.
        builder.Services.AddHttpClient(WebhookSender.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("MLOps-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .RemoveAllLoggers()
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                // What the (still experimental) RemoveAllResilienceHandlers does, with stable APIs.
                for (var i = handlers.Count - 1; i >= 0; i--)
                {
                    if (handlers[i] is ResilienceHandler)
                    {
                        handlers.RemoveAt(i);
                    }
                }
            });
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<WebhookDispatcher>();

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(WebhookTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(WebhookTelemetry.Name));
        return builder;
    }
}
