using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MLOps.Server.Hosting;

namespace MLOps.IntegrationTests.Webhooks;

/// <summary>
/// A minimal host with the server's service defaults (so every HttpClient gets the standard resilience
/// handler, as in production) plus a data source and AddWebhookDelivery: just the dispatcher, no silo or API.
/// Requests it sends carry X-Test-Dispatcher with its name.
/// </summary>
public sealed class DispatcherHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DispatcherHost(IHost host, string name)
    {
        _host = host;
        Name = name;
    }

    public string Name { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<DispatcherHost> StartAsync(string connectionString, string name = "dispatcher", IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Webhooks:BaseDelay"] = "00:00:00.100",
            ["Webhooks:PollInterval"] = "00:00:00.500",
            ["Webhooks:RequestTimeout"] = "00:00:05",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddServiceDefaults();
        builder.Services.ConfigureHttpClientDefaults(http =>
            http.ConfigureHttpClient(client => client.DefaultRequestHeaders.Add("X-Test-Dispatcher", name)));
        builder.Services.AddNpgsqlDataSource(connectionString);
        builder.AddWebhookDelivery();
        var host = builder.Build();
        await host.StartAsync();
        return new DispatcherHost(host, name);
    }

    public static Dictionary<string, string?> Settings(
        int? maxAttempts = null, TimeSpan? baseDelay = null, int? batchSize = null, TimeSpan? pollInterval = null)
    {
        var settings = new Dictionary<string, string?>();
        if (maxAttempts is { } attempts)
        {
            settings["Webhooks:MaxAttempts"] = attempts.ToString(CultureInfo.InvariantCulture);
        }

        if (baseDelay is { } delay)
        {
            settings["Webhooks:BaseDelay"] = delay.ToString("c", CultureInfo.InvariantCulture);
        }

        if (batchSize is { } size)
        {
            settings["Webhooks:BatchSize"] = size.ToString(CultureInfo.InvariantCulture);
        }

        if (pollInterval is { } poll)
        {
            settings["Webhooks:PollInterval"] = poll.ToString("c", CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
