using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MLOps.Bench;

/// <summary>
/// Drives POST /v2/models/{model}/versions/{n}/infer with single-row requests from a closed loop of
/// <c>concurrency</c> workers, one keep-alive connection each. Requests are built once up front and sent by
/// <see cref="LoadConnection"/>, so the load generator spends as little of the shared CPU as it can. Every
/// response's status is checked and its body read to the end.
/// </summary>
internal sealed class ServedBenchmark(Uri baseAddress, string apiKey)
{
    public async Task<Measurement> MeasureAsync(BenchModel model, int version, float[][] rows, int concurrency, string label, BenchOptions options)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v2/models/{model.Name}/versions/{version}/infer");
        var requests = rows.Select(row => LoadConnection.Request("POST", baseAddress, path, apiKey, JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = model.InputName, shape = new[] { 1, model.Features }, datatype = "FP32", data = row } },
        }))).ToArray();

        await RunAsync(requests, concurrency, options.Warmup, record: false);
        var start = Stopwatch.GetTimestamp();
        var (samples, errors) = await RunAsync(requests, concurrency, options.Duration, record: true);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return Measurement.From(model.Name, $"served c={concurrency} {label}", samples, 1, elapsed, errors);
    }

    /// <summary>A GET with no model behind it, to split the served cost into HTTP, API key check and inference.</summary>
    public async Task<Measurement> MeasureGetAsync(string path, int concurrency, BenchOptions options)
    {
        byte[][] requests = [LoadConnection.Request("GET", baseAddress, path, apiKey, body: null)];
        await RunAsync(requests, concurrency, options.Warmup, record: false);
        var start = Stopwatch.GetTimestamp();
        var (samples, errors) = await RunAsync(requests, concurrency, options.Duration, record: true);
        return Measurement.From("-", $"GET {path} c={concurrency}", samples, 0, Stopwatch.GetElapsedTime(start), errors);
    }

    private async Task<(List<long>[] Samples, long Errors)> RunAsync(byte[][] requests, int concurrency, TimeSpan duration, bool record)
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => LoadConnection.OpenAsync(baseAddress)));
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = new List<long>[concurrency];
        long errors = 0;
        string? firstError = null;

        async Task WorkerAsync(int worker)
        {
            var mine = samples[worker] = new List<long>(1 << 14);
            var connection = connections[worker];
            var next = worker;
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                var (status, error) = await connection.SendAsync(requests[next++ % requests.Length]);
                var took = Stopwatch.GetTimestamp() - started;
                if (status is < 200 or >= 300)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{status}: {error}", null);
                    continue;
                }

                if (record)
                {
                    mine.Add(took);
                }
            }
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(() => WorkerAsync(worker))));
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }

        if (firstError is not null)
        {
            Console.Error.WriteLine($"  {errors} failed requests; the first: {firstError}");
        }

        return (samples, errors);
    }
}
