using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Defaults every MLOps service shares, in the shape .NET Aspire's ServiceDefaults project uses:
/// OpenTelemetry, health checks, service discovery and resilient HTTP clients.
/// </summary>
public static class Extensions
{
    /// <summary>Liveness endpoint: the process is up and able to answer.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Readiness endpoint: every registered check, dependencies included.</summary>
    public const string HealthPath = "/health";

    /// <summary>Metrics in the Prometheus text format.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Tag that marks a health check as part of liveness.</summary>
    public const string LiveTag = "live";

    // Telemetry of the platform's own components (one source/meter each, named MLOps.<Component>) and of its
    // dependencies, registered by name so this project stays free of their packages.
    private static readonly string[] DependencyActivitySources =
    [
        "MLOps.*",
        "Npgsql",
        "Azure.*",
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
    ];

    private static readonly string[] DependencyMeters =
    [
        "MLOps.*",
        "Npgsql",
        "Microsoft.Orleans",
        "Azure.*",
    ];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // The Azure SDK only emits activities when this switch is on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(DependencyMeters)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(DependencyActivitySources)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthRequest(context))
                .AddHttpClientInstrumentation());

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Probes carry no credentials: health endpoints stay anonymous even when everything else needs a key.
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();

        // Prometheus text format for scrapers; like every non-health route it needs an API key (bearer token).
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static bool IsHealthRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(HealthPath) || context.Request.Path.StartsWithSegments(AlivePath)
        || context.Request.Path.StartsWithSegments(MetricsPath);

    private static void AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }
}
