using MLOps.Api.Monitoring;
using MLOps.Grains.Monitoring;
using MLOps.Storage.Monitoring;

namespace MLOps.Server.Hosting;

public static class MonitoringHostingExtensions
{
    /// <summary>
    /// Monitoring: this replica's profiling of served traffic and its flushes to the window grains, the
    /// prediction log, label feedback, reference profiles, and the relay of monitoring events to GraphQL
    /// subscribers. Settings come from the Monitoring section and are validated at start-up.
    /// </summary>
    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitoringOptions>()
            .BindConfiguration(MonitoringOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ReferenceProfileStore>();
        builder.Services.AddSingleton<ReferenceProfiles>();
        builder.Services.AddSingleton<ReferenceProfileLinker>();
        builder.Services.AddSingleton<ReferenceProfiler>();
        builder.Services.AddSingleton<WindowStore>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<AlertEventReader>();
        builder.Services.AddSingleton<PredictionLogStore>();
        builder.Services.AddSingleton<WindowPerformance>();
        builder.Services.AddSingleton<WindowJudge>();
        builder.Services.AddSingleton<FeedbackService>();
        builder.Services.AddSingleton<MonitoringCollector>();
        builder.Services.AddSingleton<MonitoringEventHub>();
        builder.Services.AddSingleton<MonitoringFlusher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MonitoringFlusher>());
        builder.Services.AddSingleton<PredictionLogger>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PredictionLogger>());
        builder.Services.AddHostedService<MonitoringEventRelay>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(PredictionLogger.MeterName));
        return builder;
    }
}
