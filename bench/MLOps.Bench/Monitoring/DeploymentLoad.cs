using System.Diagnostics;
using System.Globalization;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// Single-row POST /v2/models/{deployment}/infer requests through the <see cref="ClosedLoop"/> that drives
/// versions in <see cref="ServedBenchmark"/>, counting every answered request (warm-up included) so the suite can
/// compare them with the prediction log.
/// </summary>
internal sealed class DeploymentLoad(Uri baseAddress, string apiKey, BenchModel model, float[][] rows)
{
    /// <summary>Answered requests per deployment since this object was made, warm-up included.</summary>
    public Dictionary<string, long> Answered { get; } = [];

    /// <summary>Runs the loop for <paramref name="duration"/>; the latency samples (Stopwatch ticks) and errors.</summary>
    public async Task<(List<long>[] Samples, TimeSpan Elapsed, long Errors)> RunAsync(string deployment, int concurrency, TimeSpan duration)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v2/models/{deployment}/infer");
        var requests = ClosedLoop.InferRequests(baseAddress, apiKey, path, model, rows);
        var start = Stopwatch.GetTimestamp();
        var (samples, errors) = await ClosedLoop.RunAsync(baseAddress, requests, concurrency, duration, record: true, deployment);
        var elapsed = Stopwatch.GetElapsedTime(start);
        Answered[deployment] = Answered.GetValueOrDefault(deployment) + samples.Sum(s => s.Count);
        return (samples, elapsed, errors);
    }
}
