using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// The serving hot path with monitoring off and on, on one server and one model version (the bench MLP, 256 FP32
/// inputs, 4 outputs) behind three deployments: monitoring off; on (60 s windows, classification, every prediction
/// logged); and on with sampleRate 0, which folds values into the window profile but logs nothing, to split the
/// fold from the prediction log. The version has a reference profile, so values are binned and range-checked.
/// After two warm-up passes, cells are interleaved in rounds that rotate the order (six rounds, twelve at c=8; each
/// deployment takes each place in a round equally often, in each direction), so that drift in the machine's load
/// falls on all three alike; after each cell the prediction log is let drain, so that a backlog is charged to its own
/// cell and not to the next. Beside throughput, the CPU time each request costs the server, PostgreSQL and the load
/// generator, and the on / off ratio round by round with its 95% interval, which shows how much the run's noise
/// leaves it uncertain.
/// </summary>
internal sealed class HotPathBenchmark(BenchServer server, BenchModel model, BenchOptions options)
{
    public const string Off = "mlp-monitoring-off";
    public const string On = "mlp-monitoring-on";
    public const string NoLog = "mlp-monitoring-nolog";
    private const int ReferenceRows = 4000;
    private const int DistinctRows = 256;
    // Six rounds cover the rotation once; at c=8, where cells of one deployment differ by up to 25% within a run on
    // this machine, twelve halve the variance of the ratio.
    private const int Rounds = 6;
    private const int NoisyRounds = 12;

    private static readonly int[] Concurrencies = [64, 8];
    private static readonly string[] Deployments = [Off, On, NoLog];
    private static readonly string[] Reversed = [NoLog, On, Off];

    /// <summary>The load the hot path puts on the clock: warm-up passes and measured cells, without settles.</summary>
    public static TimeSpan LoadTime(BenchOptions options) => TimeSpan.FromTicks(Concurrencies.Sum(concurrency =>
        ((2 * Deployments.Length * options.Warmup) + ((concurrency <= 8 ? NoisyRounds : Rounds) * Deployments.Length * (options.Duration / 2))).Ticks));

    public async Task<IReadOnlyList<MonitoringTarget>> RunAsync(CancellationToken ct)
    {
        var version = await server.RegisterAsync(model, ct);
        using var client = server.CreateClient();
        await UploadReferenceAsync(client, version, ct);
        await CreateDeploymentAsync(client, Off, version, new { enabled = false }, ct);
        await CreateDeploymentAsync(client, On, version, new { enabled = true, windowSeconds = 60, task = "CLASSIFICATION" }, ct);
        await CreateDeploymentAsync(client, NoLog, version, new { enabled = true, windowSeconds = 60, task = "CLASSIFICATION", sampleRate = 0.0 }, ct);

        await using var database = NpgsqlDataSource.Create(server.DatabaseConnectionString);
        var load = new DeploymentLoad(server.BaseAddress, BenchServer.AdminKey, model, model.Rows(DistinctRows));
        var results = new List<Measurement>();
        var targets = new List<MonitoringTarget>();
        var cell = options.Duration / 2;
        foreach (var concurrency in Concurrencies)
        {
            // Two warm-up passes over the three deployments: after one, the first measured cell still ran at half speed
            // in most runs (tiering, heap growth), which flattered whichever deployment came first.
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var deployment in pass == 0 ? Deployments : Reversed)
                {
                    await load.RunAsync(deployment, concurrency, options.Warmup);
                    await SettleAsync(database, deployment, ct);
                }
            }

            var totals = Deployments.ToDictionary(d => d, _ => new Totals());
            var rounds = concurrency <= 8 ? NoisyRounds : Rounds;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var deployment in Order(round))
                {
                    // The CPU window runs to the end of the settle, so that a prediction log backlog is charged to its own cell.
                    var counters = await server.ReadCountersAsync(deployment, ct);
                    var before = ProcessTreeCpu.Read();
                    var (samples, elapsed, errors) = await load.RunAsync(deployment, concurrency, cell);
                    await SettleAsync(database, deployment, ct);
                    var used = ProcessTreeCpu.Read() - before;
                    var after = await server.ReadCountersAsync(deployment, ct);
                    var answered = samples.Sum(s => s.Count);
                    totals[deployment].Add(samples, elapsed, errors, used);
                    var batch = after.Executions > counters.Executions ? (after.Rows - counters.Rows) / (after.Executions - counters.Executions) : 0;
                    Console.WriteLine($"    {deployment,-21} c={concurrency,-2}: {answered / elapsed.TotalSeconds,7:N0} req/s, batch {batch,4:N1}{CpuText(used, answered)}");
                }
            }

            var measured = totals.ToDictionary(t => t.Key, t => Measurement.From(model.Name, $"c={concurrency} {Label(t.Key)}", t.Value.Samples, 1, t.Value.Elapsed, t.Value.Errors));
            results.AddRange(Deployments.Select(d => measured[d]));
            var (off, on, noLog) = (measured[Off], measured[On], measured[NoLog]);
            var ratio = on.RequestsPerSecond / off.RequestsPerSecond;
            targets.Add(new($"c={concurrency} monitoring on / off, req/s", $"{ratio:P1}", ">= 90%", ratio >= 0.9));
            targets.Add(new($"  c={concurrency} on / off per round: mean, 95% interval ({rounds} rounds)", RoundRatios(totals[On], totals[Off]), "(diagnostic)", null));
            targets.Add(new($"  c={concurrency} on without prediction log (fold only) / off", $"{noLog.RequestsPerSecond / off.RequestsPerSecond:P1}", "(diagnostic)", null));
            targets.Add(new($"  c={concurrency} fold only / off per round: mean, 95% interval", RoundRatios(totals[NoLog], totals[Off]), "(diagnostic)", null));
            targets.Add(new(
                $"  c={concurrency} first second of a cell / the rest, req/s: off | on | fold only",
                string.Join(" | ", Deployments.Select(d => totals[d].FirstSecondShare is var share && double.IsFinite(share) ? share.ToString("P0", CultureInfo.InvariantCulture) : "n/a")),
                "(diagnostic)",
                null));
            targets.Add(new($"  c={concurrency} p50 on - off", $"{on.P50Ms - off.P50Ms:+0.000;-0.000} ms", "(diagnostic)", null));
            targets.Add(new($"  c={concurrency} p99 on - off", $"{on.P99Ms - off.P99Ms:+0.000;-0.000} ms", "(diagnostic)", null));
            if (ProcessTreeCpu.Available)
            {
                var (offCpu, onCpu, noLogCpu) = (totals[Off].PerRequest, totals[On].PerRequest, totals[NoLog].PerRequest);
                targets.Add(new($"  c={concurrency} CPU/request, all processes, off / on", $"{offCpu.Total / onCpu.Total:P1}", "(diagnostic)", null));
                targets.Add(new($"  c={concurrency} CPU/request off: server | PostgreSQL | load gen.", $"{Us(offCpu.Server)} | {Us(offCpu.Postgres)} | {Us(offCpu.LoadGenerator)}", "(diagnostic)", null));
                targets.Add(new($"  c={concurrency}   monitoring without log (nolog - off)", $"{Us(noLogCpu.Server - offCpu.Server, true)} | {Us(noLogCpu.Postgres - offCpu.Postgres, true)} | {Us(noLogCpu.LoadGenerator - offCpu.LoadGenerator, true)}", "(diagnostic)", null));
                targets.Add(new($"  c={concurrency}   prediction log (on - nolog)", $"{Us(onCpu.Server - noLogCpu.Server, true)} | {Us(onCpu.Postgres - noLogCpu.Postgres, true)} | {Us(onCpu.LoadGenerator - noLogCpu.LoadGenerator, true)}", "(diagnostic)", null));
            }
        }

        ResultTable.Print(results);
        await ReportMonitoringAsync(client, database, load, ct);
        return targets;
    }

    // Rounds rotate the order so that each deployment runs in each position of a round equally often, forwards and
    // backwards: a cell's place (after a settle that drained the log, before or after the others) biases none of them.
    private static IEnumerable<string> Order(int round)
    {
        var rotated = Deployments.Skip(round % Deployments.Length).Concat(Deployments.Take(round % Deployments.Length));
        return round / Deployments.Length % 2 == 0 ? rotated : rotated.Reverse();
    }

    // The ratio of the two deployments' cells round by round, with Student's t interval over the rounds: how far the
    // run's machine noise leaves the ratio uncertain (cells of one round run within a minute of each other).
    private static string RoundRatios(Totals measured, Totals baseline)
    {
        var ratios = measured.CellRates.Zip(baseline.CellRates, (a, b) => a / b).ToArray();
        var mean = ratios.Average();
        var deviation = Math.Sqrt(ratios.Sum(r => (r - mean) * (r - mean)) / (ratios.Length - 1));
        var half = StudentT975(ratios.Length - 1) * deviation / Math.Sqrt(ratios.Length);
        return string.Create(CultureInfo.InvariantCulture, $"{mean:P1} ({mean - half:P1} - {mean + half:P1})");
    }

    // Two-sided 95% quantiles of Student's t for the degrees of freedom the rounds give.
    private static double StudentT975(int degrees) => degrees switch
    {
        5 => 2.571,
        11 => 2.201,
        _ => 1.96 + (2.4 / degrees), // within 0.03 of the exact quantile from 10 degrees up
    };

    private static string CpuText(CpuTimes used, long answered) => ProcessTreeCpu.Available && answered > 0
        ? $", CPU us/request: server {used.Server.TotalMicroseconds / answered,4:N0}, PostgreSQL {used.Postgres.TotalMicroseconds / answered,4:N0}, " +
            $"load generator {used.LoadGenerator.TotalMicroseconds / answered,3:N0}, other {used.Other.TotalMicroseconds / answered,3:N0}"
        : string.Empty;

    private static string Us(TimeSpan time, bool signed = false) =>
        time.TotalMicroseconds.ToString(signed ? "+0;-0" : "0", CultureInfo.InvariantCulture) + " us";

    private static string Label(string deployment) => deployment switch
    {
        Off => "monitoring off",
        On => "monitoring on",
        _ => "on, sampleRate 0",
    };

    /// <summary>PUTs a CSV of reference rows (the request rows' distribution, another seed) and prints what was profiled.</summary>
    private async Task UploadReferenceAsync(HttpClient client, int version, CancellationToken ct)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Enumerable.Range(0, model.Features).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture))).Append('\n');
        foreach (var row in model.Rows(ReferenceRows, seed: 2))
        {
            csv.AppendJoin(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PutAsync($"/api/models/{model.Name}/versions/{version}/reference", content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Profiling the reference failed ({(int)response.StatusCode}): {text}");
        }

        Console.WriteLine($"  reference profile: {ReferenceRows:N0} rows x {model.Features} columns of CSV ({content.Headers.ContentLength / 1e6:N1} MB) " +
            $"profiled in {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");
    }

    private async Task CreateDeploymentAsync(HttpClient client, string name, int version, object monitoring, CancellationToken ct)
    {
        await BenchServer.GraphQLAsync(
            client,
            "mutation($n: String!, $m: String!, $v: Int!, $mon: MonitoringInput) { createDeployment(name: $n, routes: [{ modelName: $m, version: $v }], monitoring: $mon) { name } }",
            new { n = name, m = model.Name, v = version, mon = monitoring },
            ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            using var ready = await client.GetAsync($"/v2/models/{name}/ready", ct);
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Deployment {name} never became ready: {await ready.Content.ReadAsStringAsync(ct)}");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>Waits until the deployment's prediction log stops growing (at most 20 s); returns its row count.</summary>
    private static async Task<long> SettleAsync(NpgsqlDataSource database, string deployment, CancellationToken ct)
    {
        var last = -1L;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            await using var command = database.CreateCommand("SELECT count(*) FROM prediction_log WHERE deployment = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = deployment });
            var count = (long)(await command.ExecuteScalarAsync(ct))!;
            if (count == last || DateTime.UtcNow > deadline)
            {
                return count;
            }

            last = count;
            await Task.Delay(300, ct);
        }
    }

    /// <summary>Shows that monitoring did its work: the prediction log's rows and the open window's profile and drift.</summary>
    private static async Task ReportMonitoringAsync(HttpClient client, NpgsqlDataSource database, DeploymentLoad load, CancellationToken ct)
    {
        Console.WriteLine();
        foreach (var deployment in new[] { On, NoLog })
        {
            var logged = await SettleAsync(database, deployment, ct);
            var answered = load.Answered.GetValueOrDefault(deployment);
            Console.WriteLine($"  {deployment}: prediction log holds {logged:N0} rows for {answered:N0} answered requests ({(double)logged / Math.Max(1, answered):P1})");
            var data = await BenchServer.GraphQLAsync(
                client,
                "query($n: String!) { deployment(name: $n) { monitoring { liveWindows { count requests hasReference driftShare features { evaluated } } } } }",
                new { n = deployment },
                ct);
            foreach (var window in data.GetProperty("deployment").GetProperty("monitoring").GetProperty("liveWindows").EnumerateArray())
            {
                var features = window.GetProperty("features").EnumerateArray().ToList();
                Console.WriteLine($"    open window: {window.GetProperty("count").GetInt64():N0} rows, {window.GetProperty("requests").GetInt64():N0} requests, " +
                    $"reference {window.GetProperty("hasReference")}, {features.Count(f => f.GetProperty("evaluated").GetBoolean())} of {features.Count} features evaluated, " +
                    $"drift share {(window.GetProperty("driftShare").ValueKind == JsonValueKind.Number ? window.GetProperty("driftShare").GetDouble().ToString("N2", CultureInfo.InvariantCulture) : "-")}");
            }
        }
    }

    /// <summary>One deployment's cells at one concurrency, added up.</summary>
    private sealed class Totals
    {
        private long _answered;
        private CpuTimes _used;
        private long _firstSecond;

        public List<List<long>> Samples { get; } = [];

        /// <summary>Each cell's requests per second, in round order.</summary>
        public List<double> CellRates { get; } = [];

        public TimeSpan Elapsed { get; private set; }

        public long Errors { get; private set; }

        public CpuTimes PerRequest => new(_used.Server / _answered, _used.Postgres / _answered, _used.Other / _answered, _used.LoadGenerator / _answered);

        /// <summary>
        /// The rate in each cell's first second over the rate in the rest: well below the off cells' figure,
        /// something makes a deployment slow to start after the others' cells (as shard profiles made during idle
        /// time did in some runs). A worker sends its next request as soon as one is answered, so its latencies added
        /// up place each answer in time (failed requests are not recorded, so a cell with errors places later answers
        /// early). NaN when cells last 1 s or less.
        /// </summary>
        public double FirstSecondShare
        {
            get
            {
                var rest = Elapsed - TimeSpan.FromSeconds(CellRates.Count);
                return rest <= TimeSpan.Zero ? double.NaN : ((double)_firstSecond / CellRates.Count) / ((_answered - _firstSecond) / rest.TotalSeconds);
            }
        }

        public void Add(List<long>[] samples, TimeSpan elapsed, long errors, CpuTimes used)
        {
            Samples.AddRange(samples);
            Elapsed += elapsed;
            Errors += errors;
            var answered = samples.Sum(s => s.Count);
            CellRates.Add(answered / elapsed.TotalSeconds);
            foreach (var worker in samples)
            {
                long at = 0;
                _firstSecond += worker.TakeWhile(ticks => (at += ticks) <= Stopwatch.Frequency).Count();
            }

            _answered += answered;
            _used += used;
        }
    }
}
