using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// A closed loop of single-row POST /v2/models/{deployment}/infer requests over <see cref="LoadConnection"/>, one
/// keep-alive connection per worker, the way <see cref="ServedBenchmark"/> drives a version: the same prebuilt
/// request bodies, every status checked and every body read to the end. Deployments have their own path, and the
/// suite needs the count of every answered request (warm-up included) to compare with the prediction log.
/// </summary>
internal sealed class DeploymentLoad(Uri baseAddress, string apiKey, BenchModel model, float[][] rows)
{
    /// <summary>Answered requests per deployment since this object was made, warm-up included.</summary>
    public Dictionary<string, long> Answered { get; } = [];

    /// <summary>Runs the loop for <paramref name="duration"/>; the latency samples (Stopwatch ticks) and errors.</summary>
    public async Task<(List<long>[] Samples, TimeSpan Elapsed, long Errors)> RunAsync(string deployment, int concurrency, TimeSpan duration)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v2/models/{deployment}/infer");
        var requests = rows.Select(row => LoadConnection.Request("POST", baseAddress, path, apiKey, JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = model.InputName, shape = new[] { 1, model.Features }, datatype = "FP32", data = row } },
        }))).ToArray();
        var connections = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => LoadConnection.OpenAsync(baseAddress)));
        var samples = new List<long>[concurrency];
        long errors = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);

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

                mine.Add(took);
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

        var elapsed = Stopwatch.GetElapsedTime(start);
        if (firstError is not null)
        {
            Console.Error.WriteLine($"  {deployment}: {errors} failed requests; the first: {firstError}");
        }

        Answered[deployment] = Answered.GetValueOrDefault(deployment) + samples.Sum(s => s.Count);
        return (samples, elapsed, errors);
    }
}
