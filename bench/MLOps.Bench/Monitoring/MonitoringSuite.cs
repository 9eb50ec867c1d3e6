using System.Runtime.InteropServices;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// Live monitoring, measured in one run: what monitoring costs the serving hot path against a real server,
/// PostgreSQL and Azurite on this machine; then, in this process on one thread, sketch updates per second, the time
/// to evaluate a closed window of 100 features, and the bounded state per feature. The in-process parts run first,
/// before the server starts, so that they have the machine to themselves.
/// </summary>
internal static class MonitoringSuite
{
    private static readonly TimeSpan SketchWarmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SketchDuration = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        Console.WriteLine($"MLOps monitoring benchmark: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");

        Console.WriteLine("sketch updates per second, one thread:");
        var sketch = SketchThroughput.Run(SketchWarmup, SketchDuration);
        Console.WriteLine("evaluating a closed window:");
        var evaluation = EvaluationLatency.Run();
        Console.WriteLine("state per numeric feature per window:");
        var memory = SketchMemory.Run();

        Console.WriteLine($"hot path: starting PostgreSQL, Azurite and MLOps.Server; warm-up {options.Warmup.TotalSeconds:0.#} s per deployment, " +
            $"cells of {options.Duration.TotalSeconds / 2:0.#} s, six per deployment (twelve at c=8), interleaved in rotating order");
        IReadOnlyList<MonitoringTarget> hotPath;
        await using (var server = await BenchServer.StartAsync(new Dictionary<string, string>(), options.ServerAssembly, durablePostgres: false, ct))
        {
            hotPath = await new HotPathBenchmark(server, BenchModel.Mlp(), options).RunAsync(ct);
        }

        Console.WriteLine();
        Console.WriteLine("monitoring: targets");
        foreach (var target in hotPath.Concat(sketch).Concat(evaluation).Concat(memory))
        {
            Console.WriteLine(target);
        }
    }
}
