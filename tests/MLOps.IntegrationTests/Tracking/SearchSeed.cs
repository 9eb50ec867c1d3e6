using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Database;
using Npgsql;

namespace MLOps.IntegrationTests.Tracking;

/// <summary>The runs the search tests seed, and the database they are written to.</summary>
internal static class SearchSeed
{
    internal static readonly Guid ExperimentA = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000000");
    internal static readonly Guid ExperimentB = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000000");
    internal static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    internal static readonly string[] Statuses = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];
    internal static readonly string[] Learning = ["0.1", "0.01", "0.001"];
    internal static readonly string[] Teams = ["vision", "nlp", "speech"];

    /// <summary>
    /// 30 runs in experiment A (index 28 deleted) and 5 in B. Accuracy comes in equal pairs so ordering by it
    /// needs the id tie-break; some runs lack accuracy, lr, team or an end time.
    /// </summary>
    internal static readonly SeedRun[] Runs = [.. Enumerable.Range(0, 35).Select(Seed)];

    private static SeedRun Seed(int index)
    {
        var inA = index < 30;
        var start = Epoch.AddMinutes(index);
        var parameters = new Dictionary<string, string> { ["optimizer"] = index % 2 == 0 ? "Adam" : "sgd" };
        if (index % 10 != 9)
        {
            parameters["lr"] = Learning[index % 3];
        }

        var tags = new Dictionary<string, string> { ["model"] = "m" + (index % 7).ToString(CultureInfo.InvariantCulture) };
        if (index % 4 != 3)
        {
            tags["team"] = Teams[index % 4];
        }

        var metrics = new Dictionary<string, double> { ["loss"] = 1.0 - (index / 100.0) };
        if (index % 5 != 4)
        {
            metrics["accuracy"] = index / 2 / 100.0;
        }

        if (index % 6 == 1)
        {
            metrics["f1 score"] = index / 10.0;
        }

        return new SeedRun(
            index,
            Guid.Parse("00000000-0000-0000-0000-" + (index + 1).ToString("D12", CultureInfo.InvariantCulture)),
            inA ? ExperimentA : ExperimentB,
            "run-" + index.ToString("D2", CultureInfo.InvariantCulture),
            Statuses[index % 5],
            start,
            index % 3 == 0 ? null : start.AddSeconds(30),
            index == 28,
            index % 2 == 0 ? "alice" : "bob",
            parameters,
            tags,
            metrics);
    }

    /// <summary>A fresh, migrated database holding the seed runs.</summary>
    internal static async Task<NpgsqlDataSource> CreateAsync(InfrastructureFixture infrastructure, string purpose)
    {
        var dataSource = NpgsqlDataSource.Create(await infrastructure.CreateDatabaseAsync(purpose));
        await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await using var batch = dataSource.CreateBatch();
        foreach (var experiment in new[] { ExperimentA, ExperimentB })
        {
            Add(batch, "INSERT INTO experiments (id, name, created_by, created_at, updated_at) VALUES ($1, $2, 'tester', now(), now())", experiment, experiment.ToString("N"));
        }

        foreach (var run in Runs)
        {
            Add(batch, "INSERT INTO runs (id, experiment_id, name, status, start_time, end_time, lifecycle, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                run.Id, run.ExperimentId, run.Name, run.Status, run.Start, (object?)run.End ?? DBNull.Value, run.Deleted ? "DELETED" : "ACTIVE", run.CreatedBy);
            foreach (var (key, value) in run.Params)
            {
                Add(batch, "INSERT INTO run_params (run_id, key, value) VALUES ($1, $2, $3)", run.Id, key, value);
            }

            foreach (var (key, value) in run.Tags)
            {
                Add(batch, "INSERT INTO run_tags (run_id, key, value) VALUES ($1, $2, $3)", run.Id, key, value);
            }

            foreach (var (key, value) in run.Metrics)
            {
                // An older point with a higher value: search must compare the latest one only.
                Add(batch, "INSERT INTO run_metric_chunks (run_id, key, point_count, steps, timestamps, vals) VALUES ($1, $2, 2, ARRAY[1, 2]::bigint[], ARRAY[$3, $3], ARRAY[$4, $5])", run.Id, key, run.Start, value + 10, value);
                Add(batch, "INSERT INTO run_latest_metrics (run_id, key, step, ts, value) VALUES ($1, $2, 2, $3, $4)", run.Id, key, run.Start, value);
            }
        }

        await batch.ExecuteNonQueryAsync();
        return dataSource;
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(command);
    }
}

internal sealed record SeedRun(
    int Index,
    Guid Id,
    Guid ExperimentId,
    string Name,
    string Status,
    DateTimeOffset Start,
    DateTimeOffset? End,
    bool Deleted,
    string CreatedBy,
    Dictionary<string, string> Params,
    Dictionary<string, string> Tags,
    Dictionary<string, double> Metrics)
{
    public string? Param(string key) => Params.GetValueOrDefault(key);

    public string? Tag(string key) => Tags.GetValueOrDefault(key);

    public double? Metric(string key) => Metrics.TryGetValue(key, out var value) ? value : null;
}
