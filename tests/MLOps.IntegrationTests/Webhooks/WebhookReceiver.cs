using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Webhooks;

/// <summary>
/// A real HTTP endpoint on a loopback port (Kestrel) that records every request and answers with a scripted
/// status code: <c>respond(n)</c> for the n-th request (0-based), 200 by default.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ReceivedWebhook> _received = [];
    private readonly Func<int, int> _respond;
    private readonly TimeSpan _latency;

    private WebhookReceiver(int port, Func<int, int>? respond, TimeSpan latency)
    {
        Port = port;
        _respond = respond ?? (_ => 200);
        _latency = latency;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(BaseUrl);
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public int Port { get; }

    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Starts listening on <paramref name="port"/> (a free one when null).</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? respond = null, int? port = null, TimeSpan latency = default)
    {
        var receiver = new WebhookReceiver(port ?? LoopbackPorts.GetFree(), respond, latency);
        await receiver._app.StartAsync();
        return receiver;
    }

    public string Url(string path = "/hook") => BaseUrl + path;

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (Received.Count < count)
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"Expected {count} webhook requests, got {Received.Count}.");
            }

            await Task.Delay(20);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var at = _clock.Elapsed;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (_latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency);
        }

        int status;
        lock (_received)
        {
            status = _respond(_received.Count);
            _received.Add(new ReceivedWebhook(context.Request.Path, at, headers, body.ToArray(), status));
        }

        context.Response.StatusCode = status;
    }
}
