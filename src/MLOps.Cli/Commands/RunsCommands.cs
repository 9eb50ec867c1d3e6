using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Client;

namespace MLOps.Cli.Commands;

/// <summary>mlops runs list|show|compare|history.</summary>
internal static class RunsCommands
{
    public static Command Create(CliCommand commands)
    {
        var experiments = new Option<string[]>("--experiment", "-e") { Description = "An experiment's name or id; repeat for more.", Required = true };
        var filter = new Option<string?>("--filter") { Description = "MLflow filter syntax with OR and parentheses, e.g. \"metrics.auc > 0.9 OR params.lr = '0.1'\"." };
        var orderBy = new Option<string[]>("--order-by") { Description = "A sort key such as 'metrics.auc DESC'; repeat for more." };
        var max = new Option<int>("--max") { Description = "Most runs to list.", DefaultValueFactory = _ => 100 };
        var runId = new Argument<string>("run-id") { Description = "The run's id." };
        var runIds = new Argument<string[]>("run-ids") { Description = "Two or more run ids.", Arity = new ArgumentArity(2, MlopsClient.MaxComparedRuns) };
        var key = new Argument<string>("key") { Description = "The metric's name." };
        var maxPoints = new Option<int>("--max-points") { Description = "Most points to return (2 to 10000); longer series are downsampled.", DefaultValueFactory = _ => 1000 };
        return CliCommand.Group(
            "runs",
            "Runs: executions of training code with params, metrics, inputs and artifacts.",
            commands.Create("list", "Search the runs of experiments.", cli => ListAsync(cli, experiments, filter, orderBy, max), experiments, filter, orderBy, max),
            commands.Create("show", "Show a run: params, latest metrics, tags, inputs and artifacts.", async cli =>
            {
                var run = await cli.Client.GetRunAsync(cli.Value(runId), cli.CancellationToken)
                    ?? throw new MlopsException(MlopsErrorCodes.NotFound, $"No run has the id {cli.Value(runId)}.");
                Show(cli, run);
            }, runId),
            commands.Create("compare", "Compare runs' params and latest metrics side by side.", async cli =>
                Compare(cli, await cli.Client.CompareRunsAsync(cli.Value(runIds), cli.CancellationToken)), runIds),
            commands.Create("history", "Show a metric's history.", async cli =>
                History(cli, await cli.Client.GetMetricHistoryAsync(cli.Value(runId), cli.Value(key), cli.Value(maxPoints), cli.CancellationToken)),
                runId, key, maxPoints));
    }

    private static async Task ListAsync(CliInvocation cli, Option<string[]> experiments, Option<string?> filter, Option<string[]> orderBy, Option<int> max)
    {
        var ids = new List<string>();
        foreach (var experiment in cli.Value(experiments))
        {
            ids.Add((await CommandHelpers.FindExperimentAsync(cli.Client, experiment, cli.CancellationToken)).Id);
        }

        var limit = Math.Max(1, cli.Value(max));
        var runs = new List<Run>();
        await foreach (var run in cli.Client.SearchRunsAsync(ids, cli.Value(filter), cli.Value(orderBy), Math.Min(limit, 1000), cli.CancellationToken))
        {
            runs.Add(run);
            if (runs.Count == limit)
            {
                break;
            }
        }

        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(runs);
            return;
        }

        cli.Output.WriteTable(
            ["RUN ID", "NAME", "STATUS", "STARTED", "METRICS", "PARAMS"],
            runs.Select(r => (IReadOnlyList<string?>)[
                r.Id, r.Name, r.Status, CliOutput.Format(r.StartTime),
                string.Join(", ", r.Metrics.Select(m => $"{m.Key}={CliOutput.Format(m.Value)}")), CommandHelpers.Pairs(r.Params)]));
    }

    private static void Show(CliInvocation cli, Run run)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(run);
            return;
        }

        var output = cli.Output;
        output.WriteProperties(
            [("id", run.Id), ("name", run.Name), ("experiment", run.ExperimentId), ("status", run.Status),
             ("started", CliOutput.Format(run.StartTime)), ("ended", CliOutput.Format(run.EndTime)), ("tags", CommandHelpers.Pairs(run.Tags))],
            "Run");
        output.WriteTable(["PARAM", "VALUE"], run.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (IReadOnlyList<string?>)[p.Key, p.Value]), "Params");
        output.WriteTable(
            ["METRIC", "VALUE", "STEP", "TIMESTAMP"],
            run.Metrics.Select(m => (IReadOnlyList<string?>)[m.Key, CliOutput.Format(m.Value), m.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), CliOutput.Format(m.Timestamp)]),
            "Latest metrics");
        if (run.Inputs.Count > 0)
        {
            output.WriteTable(["DATASET", "DIGEST", "SOURCE", "CONTEXT"], run.Inputs.Select(i => (IReadOnlyList<string?>)[i.Name, i.Digest, i.Source, i.Context]), "Inputs");
        }

        if (run.Artifacts.Count > 0)
        {
            output.WriteTable(["PATH", "SIZE", "SHA256"], run.Artifacts.Select(a => (IReadOnlyList<string?>)[a.Path, Sizes.Format(a.SizeBytes), a.Sha256]), "Artifacts");
        }
    }

    private static void Compare(CliInvocation cli, RunComparison comparison)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(new { runs = comparison.Runs.Select(r => new { r.Id, r.Name, r.Status }), comparison.Params, comparison.Metrics });
            return;
        }

        var headers = new List<string> { "KIND", "KEY" };
        headers.AddRange(comparison.Runs.Select(r => $"{r.Name} ({r.Id[..8]})"));
        headers.Add("DIFFERS");
        var rows = comparison.Params.Select(p => Row("param", p.Key, p.Values, p.Differs))
            .Concat(comparison.Metrics.Select(m => Row("metric", m.Key, [.. m.Values.Select(CliOutput.Format)], m.Differs)));
        cli.Output.WriteTable(headers, rows);

        static IReadOnlyList<string?> Row(string kind, string key, IEnumerable<string?> values, bool differs) =>
            [kind, key, .. values, differs ? "*" : ""];
    }

    private static void History(CliInvocation cli, MetricHistory history)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(history);
            return;
        }

        cli.Output.WriteTable(
            ["STEP", "TIMESTAMP", "VALUE"],
            history.Points.Select(p => (IReadOnlyList<string?>)[p.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), CliOutput.Format(p.Timestamp), CliOutput.Format(p.Value)]),
            $"{history.Key}: {history.Points.Count} of {history.TotalPoints} points{(history.Downsampled ? " (downsampled)" : "")}");
    }
}
