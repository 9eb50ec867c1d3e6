using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MLOps.Bench;

/// <summary>
/// Drives POST /v2/models/{model}/versions/{n}/infer with single-row requests from a closed loop of
/// <c>concurrency</c> workers, one keep-alive connection each. Bodies are serialized once up front so the
/// client spends as little of the shared CPU as it can.
/// </summary>
internal sealed class ServedBenchmark(Uri baseAddress, string apiKey)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<Measurement> MeasureAsync(BenchModel model, int version, float[][] rows, int concurrency, string label, BenchOptions options)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v2/models/{model.Name}/versions/{version}/infer");
        var bodies = rows.Select(row => JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = model.InputName, shape = new[] { 1, model.Features }, datatype = "FP32", data = row } },
        })).ToArray();

        using var client = CreateClient(concurrency);
        Func<int, Task<HttpResponseMessage>> send = next =>
        {
            var content = new ByteArrayContent(bodies[next % bodies.Length]);
            content.Headers.ContentType = Json;
            return client.PostAsync(path, content);
        };
        await RunAsync(send, concurrency, options.Warmup, record: false);
        var start = Stopwatch.GetTimestamp();
        var (samples, errors) = await RunAsync(send, concurrency, options.Duration, record: true);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return Measurement.From(model.Name, $"served c={concurrency} {label}", samples, 1, elapsed, errors);
    }

    /// <summary>A GET with no model behind it, to split the served cost into HTTP, API key check and inference.</summary>
    public async Task<Measurement> MeasureGetAsync(string path, int concurrency, BenchOptions options)
    {
        using var client = CreateClient(concurrency);
        Func<int, Task<HttpResponseMessage>> send = _ => client.GetAsync(path);
        await RunAsync(send, concurrency, options.Warmup, record: false);
        var start = Stopwatch.GetTimestamp();
        var (samples, errors) = await RunAsync(send, concurrency, options.Duration, record: true);
        return Measurement.From("-", $"GET {path} c={concurrency}", samples, 0, Stopwatch.GetElapsedTime(start), errors);
    }

    private HttpClient CreateClient(int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    private static async Task<(List<long>[] Samples, long Errors)> RunAsync(
        Func<int, Task<HttpResponseMessage>> send, int concurrency, TimeSpan duration, bool record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = new List<long>[concurrency];
        long errors = 0;
        string? firstError = null;

        async Task WorkerAsync(int worker)
        {
            var mine = samples[worker] = new List<long>(1 << 14);
            var next = worker;
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send(next++);
                var reply = await response.Content.ReadAsByteArrayAsync();
                var took = Stopwatch.GetTimestamp() - started;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(reply)}", null);
                    continue;
                }

                if (record)
                {
                    mine.Add(took);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(() => WorkerAsync(worker))));
        if (firstError is not null)
        {
            Console.Error.WriteLine($"  {errors} failed requests; the first: {firstError}");
        }

        return (samples, errors);
    }
}
