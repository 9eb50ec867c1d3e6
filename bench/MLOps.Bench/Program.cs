using System.Runtime.InteropServices;
using MLOps.Bench;

// Serving overhead, measured side by side in one run on one machine: raw ONNX Runtime in this process
// against the real server over HTTP, for a compute-heavy MLP and a tiny linear model.
// `dotnet run -c Release --project bench/MLOps.Bench -- tracking` runs the experiment-tracking suite instead.
if (args.Length > 0 && args[0] == "tracking")
{
    using var tracking = new CancellationTokenSource(TimeSpan.FromMinutes(20));
    // Sustained ingest: long enough for the server's tiered JIT to settle and for several checkpoints' worth of WAL.
    await MLOps.Bench.Tracking.TrackingSuite.RunAsync(BenchOptions.Parse(args[1..], warmupSeconds: 5, durationSeconds: 15), tracking.Token);
    return;
}

// `-- monitoring` runs the live-monitoring suite: the hot path with monitoring off and on, then sketch speed,
// window evaluation and memory in process.
if (args.Length > 0 && args[0] == "monitoring")
{
    // Twice the load time plus five minutes for the in-process parts, the server's start and the settles: about
    // 13 minutes at the defaults, longer with a longer --warmup or --duration.
    var monitoringOptions = BenchOptions.Parse(args[1..], warmupSeconds: 2, durationSeconds: 8);
    var budget = (2 * MLOps.Bench.Monitoring.HotPathBenchmark.LoadTime(monitoringOptions)) + TimeSpan.FromMinutes(5);
    using var monitoring = new CancellationTokenSource(budget);
    try
    {
        await MLOps.Bench.Monitoring.MonitoringSuite.RunAsync(monitoringOptions, monitoring.Token);
    }
    catch (OperationCanceledException) when (monitoring.IsCancellationRequested)
    {
        Console.Error.WriteLine($"The monitoring suite ran past its time budget of {budget.TotalMinutes:N0} minutes (twice its load at these --warmup and --duration settings, plus 5): the machine is far slower than expected, or a step hung. No targets were judged.");
        Environment.ExitCode = 1;
    }

    return;
}

var options = BenchOptions.Parse(args);
const int BatchRows = 32;
const int DistinctRows = 256;
BenchModel[] models = [BenchModel.Mlp(), BenchModel.Tiny()];

// Server configurations to compare: dynamic batching on, and off (Serving:Batching:Enabled=false) for
// versions addressed directly.
(string Label, Dictionary<string, string> Settings)[] servers =
[
    ("batching on", []),
    ("batching off", new() { ["Serving__Batching__Enabled"] = "false" }),
    ("batching on, 2 instances", new() { ["Serving__Batching__Instances"] = "2" }),
];

Console.WriteLine($"MLOps serving benchmark: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"server: {options.ServerAssembly ?? "MLOps.Server.dll built by MLOps.AppHost (same configuration)"}");
Console.WriteLine($"warm-up {options.Warmup.TotalSeconds:0.#} s, measure {options.Duration.TotalSeconds:0.#} s per cell; served requests are single rows");

var results = new List<Measurement>();
var raw = new Dictionary<string, (Measurement Single, Measurement Batched)>();
foreach (var model in models)
{
    var rows = model.Rows(DistinctRows);
    using var onnx = new RawOnnxBenchmark(model);
    var single = Report(onnx.SingleRow(rows, options));
    var batched = Report(onnx.Batched(rows, BatchRows, options));
    raw[model.Name] = (single, batched);
}

var served = new Dictionary<(string Model, string Label, int Concurrency), Measurement>();
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(10));
foreach (var (label, settings) in servers)
{
    Console.WriteLine($"starting PostgreSQL, Azurite and MLOps.Server ({label}) ...");
    await using var server = await BenchServer.StartAsync(settings, options.ServerAssembly, durablePostgres: false, cancellation.Token);
    var client = new ServedBenchmark(server.BaseAddress, BenchServer.AdminKey);
    foreach (var model in models)
    {
        var version = await server.RegisterAsync(model, cancellation.Token);
        var rows = model.Rows(DistinctRows);
        // With the default server, the binary tensor data extension as well, at c=1 and c=64.
        var cells = options.Concurrency.Select(c => (Concurrency: c, Binary: false))
            .Concat(settings.Count == 0 ? [(1, true), (64, true)] : []);
        foreach (var (concurrency, binary) in cells)
        {
            var cellLabel = binary ? label + ", binary" : label;
            var before = await server.ReadCountersAsync(model.Name, cancellation.Token);
            served[(model.Name, cellLabel, concurrency)] = Report(await client.MeasureAsync(model, version, rows, concurrency, cellLabel, options, binary));
            var after = await server.ReadCountersAsync(model.Name, cancellation.Token);
            var executions = after.Executions - before.Executions;
            Console.WriteLine($"    mean batch {(executions > 0 ? (after.Rows - before.Rows) / executions : 0):N1} rows per ONNX Runtime run (server counters, warm-up included)");
        }
    }

    // Where the served time goes: HTTP alone (anonymous probe), then HTTP plus the API key check.
    Report(await client.MeasureGetAsync("/v2/health/live", 64, options));
    Report(await client.MeasureGetAsync("/v2/", 64, options));
}

ResultTable.Print(results);
foreach (var model in models)
{
    var (single, batched) = raw[model.Name];
    ResultTable.PrintTargets(model.Name, single, batched, served[(model.Name, "batching on", 1)], served[(model.Name, "batching on", 64)], judged: model == models[0]);
    ResultTable.PrintTargets(
        model.Name + ", binary tensor data", single, batched, served[(model.Name, "batching on, binary", 1)], served[(model.Name, "batching on, binary", 64)], judged: model == models[0]);
}


Measurement Report(Measurement measurement)
{
    Console.WriteLine($"  {measurement.Model} {measurement.Scenario}: {measurement.RequestsPerSecond:N0} req/s, p50 {measurement.P50Ms:N3} ms");
    results.Add(measurement);
    return measurement;
}
