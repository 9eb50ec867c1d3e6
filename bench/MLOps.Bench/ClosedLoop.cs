using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace MLOps.Bench;

/// <summary>
/// The load generator's closed loop: <c>concurrency</c> workers, one keep-alive <see cref="LoadConnection"/>
/// each, sending prebuilt requests in turn for a fixed time; every status is checked and every body read.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>Single-row inference requests for <paramref name="path"/>, one per row, built once.</summary>
    public static byte[][] InferRequests(Uri baseAddress, string apiKey, string path, BenchModel model, float[][] rows) =>
        [.. rows.Select(row => LoadConnection.Request("POST", baseAddress, path, apiKey, JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = model.InputName, shape = new[] { 1, model.Features }, datatype = "FP32", data = row } },
        })))];

    /// <summary>
    /// The same requests with the binary tensor data extension, as Triton's clients send by default: the row as
    /// 4-byte little-endian floats after a JSON object, and the outputs asked for in binary.
    /// </summary>
    public static byte[][] BinaryInferRequests(Uri baseAddress, string apiKey, string path, BenchModel model, float[][] rows) =>
        [.. rows.Select(row =>
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(new
            {
                inputs = new[] { new { name = model.InputName, shape = new[] { 1, model.Features }, datatype = "FP32", parameters = new { binary_data_size = row.Length * sizeof(float) } } },
                parameters = new { binary_data_output = true },
            });
            return LoadConnection.Request("POST", baseAddress, path, apiKey, [.. json, .. MemoryMarshal.AsBytes(row.AsSpan())], json.Length);
        })];

    /// <summary>Runs the loop; each worker's latency samples (Stopwatch ticks, when recorded) and the failed requests.</summary>
    public static async Task<(List<long>[] Samples, long Errors)> RunAsync(
        Uri baseAddress, byte[][] requests, int concurrency, TimeSpan duration, bool record, string? label = null)
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
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(label is null ? string.Empty : label + ": ")}{errors} failed requests; the first: {firstError}"));
        }

        return (samples, errors);
    }
}
