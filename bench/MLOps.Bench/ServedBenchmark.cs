using System.Diagnostics;
using System.Globalization;

namespace MLOps.Bench;

/// <summary>
/// Drives POST /v2/models/{model}/versions/{n}/infer with single-row requests from a closed loop of
/// <c>concurrency</c> workers, one keep-alive connection each. Requests are built once up front and sent by
/// <see cref="LoadConnection"/>, so the load generator spends as little of the shared CPU as it can. Every
/// response's status is checked and its body read to the end.
/// </summary>
internal sealed class ServedBenchmark(Uri baseAddress, string apiKey)
{
    /// <summary>One cell; with <paramref name="binary"/>, tensors travel with the binary tensor data extension.</summary>
    public async Task<Measurement> MeasureAsync(
        BenchModel model, int version, float[][] rows, int concurrency, string label, BenchOptions options, bool binary = false)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v2/models/{model.Name}/versions/{version}/infer");
        var requests = binary
            ? ClosedLoop.BinaryInferRequests(baseAddress, apiKey, path, model, rows)
            : ClosedLoop.InferRequests(baseAddress, apiKey, path, model, rows);

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

    private Task<(List<long>[] Samples, long Errors)> RunAsync(byte[][] requests, int concurrency, TimeSpan duration, bool record) =>
        ClosedLoop.RunAsync(baseAddress, requests, concurrency, duration, record);
}
