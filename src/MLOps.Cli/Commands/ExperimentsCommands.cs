using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Client;

namespace MLOps.Cli.Commands;

/// <summary>mlops experiments list|create|show|delete|restore.</summary>
internal static class ExperimentsCommands
{
    private static readonly string[] Headers = ["ID", "NAME", "LIFECYCLE", "CREATED BY", "CREATED", "TAGS"];

    public static Command Create(CliCommand commands)
    {
        var all = new Option<bool>("--all") { Description = "Include deleted experiments." };
        var name = new Argument<string>("name") { Description = "The new experiment's name." };
        var tags = new Option<string[]>("--tag") { Description = "A tag as key=value; repeat for more." };
        var experiment = new Argument<string>("experiment") { Description = "The experiment's name or id." };
        return CliCommand.Group(
            "experiments",
            "Experiments: named groups of runs.",
            commands.Create("list", "List experiments.", async cli =>
                Print(cli, await cli.Client.ListExperimentsAsync(cli.Value(all), cli.CancellationToken)), all),
            commands.Create("create", "Create an experiment.", async cli =>
                Print(cli, await cli.Client.CreateExperimentAsync(cli.Value(name), CommandHelpers.ParsePairs(cli.Value(tags), "--tag"), cli.CancellationToken)),
                name, tags),
            commands.Create("show", "Show an experiment.", async cli =>
                Print(cli, await CommandHelpers.FindExperimentAsync(cli.Client, cli.Value(experiment), cli.CancellationToken)), experiment),
            commands.Create("delete", "Soft-delete an experiment (restore brings it back).", async cli =>
            {
                var found = await CommandHelpers.FindExperimentAsync(cli.Client, cli.Value(experiment), cli.CancellationToken);
                Print(cli, await cli.Client.DeleteExperimentAsync(found.Id, cli.CancellationToken));
            }, experiment),
            commands.Create("restore", "Restore a deleted experiment.", async cli =>
            {
                var found = await CommandHelpers.FindExperimentAsync(cli.Client, cli.Value(experiment), cli.CancellationToken);
                Print(cli, await cli.Client.RestoreExperimentAsync(found.Id, cli.CancellationToken));
            }, experiment));
    }

    private static void Print(CliInvocation cli, Experiment experiment)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(experiment);
        }
        else
        {
            cli.Output.WriteTable(Headers, [Row(experiment)]);
        }
    }

    private static void Print(CliInvocation cli, IReadOnlyList<Experiment> experiments)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(experiments);
        }
        else
        {
            cli.Output.WriteTable(Headers, experiments.Select(Row));
        }
    }

    private static string?[] Row(Experiment e) =>
        [e.Id, e.Name, e.Lifecycle, e.CreatedBy, CliOutput.Format(e.CreatedAt), CommandHelpers.Pairs(e.Tags)];
}
