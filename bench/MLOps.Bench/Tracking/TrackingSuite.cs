using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MLOps.Bench.Tracking;

/// <summary>
/// Experiment tracking, against a real server, PostgreSQL and Azurite on this machine: sustained metric ingest
/// through POST /api/runs/{id}/batch beside a naive baseline (one INSERT per point, straight to PostgreSQL)
/// measured in the same run; the history of a 1,000,000-point series downsampled to 320 points; and runs search
/// over 100,000 runs with a three-clause filter.
/// </summary>
internal static class TrackingSuite
{
    private const int BatchSize = 1000;
    private const int Writers = 8;
    private const int HistoryPoints = 1_000_000;
    private const int SearchRuns = 100_000;

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        // PostgreSQL runs durable here (fsync and synchronous_commit on): logBatch returns only once its data is
        // on disk, and the naive baseline commits every INSERT the same way.
        Console.WriteLine("starting PostgreSQL (durable), Azurite and MLOps.Server ...");
        await using var server = await BenchServer.StartAsync(new Dictionary<string, string>(), options.ServerAssembly, durablePostgres: true, ct);
        using var client = server.CreateClient();
        var experiment = (await BenchServer.GraphQLAsync(client, "mutation($n: String!) { createExperiment(name: $n) { id } }", new { n = "bench" }, ct))
            .GetProperty("createExperiment").GetProperty("id").GetString()!;

        var roundTrip = await TimeAsync(() => BenchServer.GraphQLAsync(client, "{ serverInfo { version } }", new { }, ct));
        Console.WriteLine($"  GraphQL round trip with no work ({{ serverInfo {{ version }} }}): p50 {roundTrip.P50:N2} ms");

        var ingest = await IngestAsync(client, experiment, options, ct);
        var naive = await NaiveInsertsAsync(server.DatabaseConnectionString, options, ct);
        Console.WriteLine($"  ingest over HTTP: {ingest:N0} points/s ({Writers} writers, {BatchSize}-point batches, durable on return)");
        Console.WriteLine($"  naive baseline, one INSERT per point: {naive:N0} points/s");

        var history = await HistoryAsync(client, experiment, ct);
        Console.WriteLine($"  metric history of {HistoryPoints:N0} points to 320: p50 {history.P50:N1} ms, p99 {history.P99:N1} ms, {history.Points} points returned");
        await using (var dataSource = NpgsqlDataSource.Create(server.DatabaseConnectionString))
        {
            var reader = new MLOps.Storage.Tracking.MetricHistoryReader(dataSource);
            var direct = await TimeAsync(() => reader.ReadAsync(history.Run, "val_loss", 320, ct));
            Console.WriteLine($"    the same query straight to PostgreSQL (no HTTP, no GraphQL): p50 {direct.P50:N1} ms");
        }

        var search = await SearchAsync(client, server.DatabaseConnectionString, ct);
        Console.WriteLine($"  runs search over {SearchRuns:N0} runs, three clauses: p50 {search.P50:N1} ms, p99 {search.P99:N1} ms, {search.Matches} runs on the first page");

        Console.WriteLine();
        Console.WriteLine("tracking: targets");
        Target("ingest points/s over HTTP", ingest, ">= 200,000", ingest >= 200_000, "N0");
        Target("ingest / naive one-INSERT-per-point", ingest / naive, "(ratio)", true, "N1");
        Target("history of 1M points to 320, p50 ms", history.P50, "< 50 ms", history.P50 < 50, "N1");
        Target("search 100k runs, 3 clauses, p50 ms", search.P50, "< 100 ms", search.P50 < 100, "N1");
    }

    private static void Target(string what, double value, string goal, bool met, string format) =>
        Console.WriteLine($"  {what,-44} {value.ToString(format, CultureInfo.InvariantCulture),12}   target {goal,-12} {(goal == "(ratio)" ? "" : met ? "PASS" : "FAIL")}");

    private static async Task<string> StartRunAsync(HttpClient client, string experiment, string name, CancellationToken ct) =>
        (await BenchServer.GraphQLAsync(client, "mutation($e: ID!, $n: String) { startRun(experimentId: $e, name: $n) { id } }", new { e = experiment, n = name }, ct))
            .GetProperty("startRun").GetProperty("id").GetString()!;

    private static byte[] Batch(string key, long firstStep, int count, Random random) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        batch_id = Guid.NewGuid().ToString("N"),
        metrics = Enumerable.Range(0, count).Select(i => new
        {
            key,
            value = random.NextDouble(),
            step = firstStep + i,
            timestamp = 1_764_000_000_000L + firstStep + i,
        }),
    });

    /// <summary>Writers each log to their own run as fast as acknowledgements come back; points per second.</summary>
    private static async Task<double> IngestAsync(HttpClient client, string experiment, BenchOptions options, CancellationToken ct)
    {
        var runs = new string[Writers];
        for (var i = 0; i < Writers; i++)
        {
            runs[i] = await StartRunAsync(client, experiment, $"ingest-{i}", ct);
        }

        // Bodies are made before the clock starts (each with its own batch id), so the client spends its share of
        // the 2 cores on sending rather than on JSON; a writer that runs out makes more on the fly.
        const int Prepared = 320;
        var bodies = Enumerable.Range(0, Writers).Select(w =>
        {
            var random = new Random(w);
            return new Queue<byte[]>(Enumerable.Range(0, Prepared).Select(i => Batch("loss", (long)i * BatchSize, BatchSize, random)));
        }).ToArray();

        async Task<long> WriteAsync(int writer, TimeSpan duration)
        {
            var random = new Random(writer + 100);
            var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            long points = 0;
            long step = (long)Prepared * BatchSize;
            while (Stopwatch.GetTimestamp() < end)
            {
                var body = bodies[writer].TryDequeue(out var ready) ? ready : Batch("loss", step, BatchSize, random);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync($"/api/runs/{runs[writer]}/batch", content, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"logBatch failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct)}");
                }

                points += BatchSize;
                step += BatchSize;
            }

            return points;
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => WriteAsync(w, options.Warmup)));
        var started = Stopwatch.GetTimestamp();
        var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => WriteAsync(w, options.Duration)));
        return written.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// The naive way: a table with a row per point and its (run, key, step) index, one INSERT statement (and
    /// commit) per point, on one connection, in the same database.
    /// </summary>
    private static async Task<double> NaiveInsertsAsync(string connectionString, BenchOptions options, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE naive_metrics (run_id uuid NOT NULL, key text NOT NULL, step bigint NOT NULL, ts timestamptz NOT NULL, value double precision NOT NULL);
            CREATE INDEX naive_metrics_series ON naive_metrics (run_id, key, step);
            """, connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        var run = Guid.NewGuid();
        await using var insert = new NpgsqlCommand("INSERT INTO naive_metrics (run_id, key, step, ts, value) VALUES ($1, $2, $3, $4, $5)", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = run });
        insert.Parameters.Add(new NpgsqlParameter { Value = "naive" });
        insert.Parameters.Add(new NpgsqlParameter { Value = 0L });
        insert.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
        insert.Parameters.Add(new NpgsqlParameter { Value = 0.0 });
        await insert.PrepareAsync(ct);
        var random = new Random(1);
        long points = 0;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            insert.Parameters[2].Value = points;
            insert.Parameters[3].Value = DateTimeOffset.UtcNow;
            insert.Parameters[4].Value = random.NextDouble();
            await insert.ExecuteNonQueryAsync(ct);
            points++;
        }

        return points / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<(double P50, double P99, int Points, Guid Run)> HistoryAsync(HttpClient client, string experiment, CancellationToken ct)
    {
        var run = await StartRunAsync(client, experiment, "history", ct);
        var random = new Random(3);
        var next = 0L;
        async Task LoadAsync()
        {
            while (true)
            {
                var first = Interlocked.Add(ref next, BatchSize) - BatchSize;
                if (first >= HistoryPoints)
                {
                    return;
                }

                byte[] body;
                lock (random)
                {
                    body = Batch("val_loss", first, BatchSize, random);
                }

                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync($"/api/runs/{run}/batch", content, ct);
                response.EnsureSuccessStatusCode();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => LoadAsync()));
        const string Query = "query($id: ID!) { run(id: $id) { metricHistory(key: \"val_loss\", maxPoints: 320) { totalPoints points { step value } } } }";
        var samples = new List<double>();
        var returned = 0;
        for (var i = 0; i < 40; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var data = await BenchServer.GraphQLAsync(client, Query, new { id = run }, ct);
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var history = data.GetProperty("run").GetProperty("metricHistory");
            if (history.GetProperty("totalPoints").GetInt64() != HistoryPoints)
            {
                throw new InvalidOperationException($"The series has {history.GetProperty("totalPoints")} points, not {HistoryPoints}.");
            }

            returned = history.GetProperty("points").GetArrayLength();
            if (i >= 5)
            {
                samples.Add(took);
            }
        }

        return (Percentile(samples, 0.5), Percentile(samples, 0.99), returned, Guid.Parse(run));
    }

    private static async Task<(double P50, double P99, int Matches)> SearchAsync(HttpClient client, string connectionString, CancellationToken ct)
    {
        var experiment = (await BenchServer.GraphQLAsync(client, "mutation($n: String!) { createExperiment(name: $n) { id } }", new { n = "search" }, ct))
            .GetProperty("createExperiment").GetProperty("id").GetString()!;
        await SeedRunsAsync(connectionString, Guid.Parse(experiment), ct);
        const string Query = """
            query($e: ID!) { searchRuns(experimentIds: [$e], filter: "metrics.auc > 0.9 AND params.optimizer = 'adam' AND tags.team = 'fraud'", orderBy: ["metrics.auc DESC"], first: 100) { runs { id } nextPageToken } }
            """;
        var samples = new List<double>();
        var matches = 0;
        for (var i = 0; i < 40; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var data = await BenchServer.GraphQLAsync(client, Query, new { e = experiment }, ct);
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            matches = data.GetProperty("searchRuns").GetProperty("runs").GetArrayLength();
            if (i >= 5)
            {
                samples.Add(took);
            }
        }

        return (Percentile(samples, 0.5), Percentile(samples, 0.99), matches);
    }

    /// <summary>
    /// 100,000 runs written straight into the tracking tables by COPY (through the API this would take minutes
    /// and measure ingest again): each with params optimizer and lr, tags team and owner, metrics auc and loss.
    /// </summary>
    private static async Task SeedRunsAsync(string connectionString, Guid experiment, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var random = new Random(11);
        var ids = Enumerable.Range(0, SearchRuns).Select(_ => Guid.NewGuid()).ToArray();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        await using (var runs = await connection.BeginBinaryImportAsync("COPY runs (id, experiment_id, name, status, start_time, end_time, lifecycle, created_by) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                await runs.StartRowAsync(ct);
                await runs.WriteAsync(ids[i], NpgsqlDbType.Uuid, ct);
                await runs.WriteAsync(experiment, NpgsqlDbType.Uuid, ct);
                await runs.WriteAsync($"run-{i}", NpgsqlDbType.Text, ct);
                await runs.WriteAsync("FINISHED", NpgsqlDbType.Text, ct);
                await runs.WriteAsync(start.AddSeconds(i * 20), NpgsqlDbType.TimestampTz, ct);
                await runs.WriteAsync(start.AddSeconds((i * 20) + 600), NpgsqlDbType.TimestampTz, ct);
                await runs.WriteAsync("ACTIVE", NpgsqlDbType.Text, ct);
                await runs.WriteAsync("bench", NpgsqlDbType.Text, ct);
            }

            await runs.CompleteAsync(ct);
        }

        string[] optimizers = ["adam", "sgd", "rmsprop", "adagrad"];
        string[] teams = ["fraud", "search", "ads", "risk", "growth"];
        await CopyPairsAsync(connection, "run_params", ids.SelectMany(id => new[]
        {
            (id, "optimizer", optimizers[random.Next(optimizers.Length)]),
            (id, "lr", (random.Next(1, 100) / 1000.0).ToString(CultureInfo.InvariantCulture)),
        }), ct);
        await CopyPairsAsync(connection, "run_tags", ids.SelectMany(id => new[]
        {
            (id, "team", teams[random.Next(teams.Length)]),
            (id, "owner", "user" + random.Next(50).ToString(CultureInfo.InvariantCulture)),
        }), ct);
        await using (var metrics = await connection.BeginBinaryImportAsync("COPY run_latest_metrics (run_id, key, step, ts, value) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var id in ids)
            {
                foreach (var (key, value) in new[] { ("auc", 0.5 + (random.NextDouble() * 0.5)), ("loss", random.NextDouble()) })
                {
                    await metrics.StartRowAsync(ct);
                    await metrics.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                    await metrics.WriteAsync(key, NpgsqlDbType.Text, ct);
                    await metrics.WriteAsync(100L, NpgsqlDbType.Bigint, ct);
                    await metrics.WriteAsync(start, NpgsqlDbType.TimestampTz, ct);
                    await metrics.WriteAsync(value, NpgsqlDbType.Double, ct);
                }
            }

            await metrics.CompleteAsync(ct);
        }

        await using var analyze = new NpgsqlCommand("ANALYZE runs; ANALYZE run_params; ANALYZE run_tags; ANALYZE run_latest_metrics", connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyPairsAsync(NpgsqlConnection connection, string table, IEnumerable<(Guid Run, string Key, string Value)> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {table} (run_id, key, value) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (run, key, value) in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(run, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(key, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task<(double P50, double P99)> TimeAsync(Func<Task> call)
    {
        var samples = new List<double>();
        for (var i = 0; i < 45; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            if (i >= 5)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return (Percentile(samples, 0.5), Percentile(samples, 0.99));
    }

    private static double Percentile(List<double> samples, double quantile)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
