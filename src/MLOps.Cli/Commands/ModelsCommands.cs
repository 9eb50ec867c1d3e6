using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Client;

namespace MLOps.Cli.Commands;

/// <summary>mlops models list|show|register|alias|promote|approve.</summary>
internal static class ModelsCommands
{
    private static readonly string[] VersionHeaders = ["VERSION", "STATUS", "STAGE", "ALIASES", "SOURCE RUN", "SHA256", "SIZE", "CREATED"];

    public static Command Create(CliCommand commands)
    {
        var nameContains = new Option<string?>("--name-contains") { Description = "Only models whose name contains this." };
        var model = new Argument<string>("model") { Description = "The registered model's name." };
        var runId = new Option<string?>("--run-id") { Description = "Register the file stored under this run (with --artifact-path)." };
        var artifactPath = new Option<string?>("--artifact-path") { Description = "The file's path under the run, e.g. model/model.onnx." };
        var file = new Option<string?>("--file") { Description = "Register this local ONNX file instead (uploaded first)." };
        var description = new Option<string?>("--description") { Description = "The version's description." };
        var alias = new Argument<string>("alias") { Description = "The alias, e.g. champion." };
        var version = new Argument<int>("version") { Description = "The version number." };
        var stage = new Option<string>("--stage") { Description = "None, Staging, Production or Archived.", Required = true };
        var comment = new Option<string?>("--comment") { Description = "A comment for the audit trail." };
        var keepExisting = new Option<bool>("--keep-existing") { Description = "Do not archive the current Production version(s) on approval." };
        var requestId = new Argument<string>("request-id") { Description = "The stage transition request's id." };
        return CliCommand.Group(
            "models",
            "The model registry: models, versions, aliases and stages.",
            commands.Create("list", "List registered models.", async cli =>
            {
                var models = new List<RegisteredModel>();
                await foreach (var found in cli.Client.ListModelsAsync(cli.Value(nameContains), cli.CancellationToken))
                {
                    models.Add(found);
                }

                if (cli.Output.IsJson)
                {
                    cli.Output.WriteJson(models);
                    return;
                }

                cli.Output.WriteTable(
                    ["NAME", "VERSIONS", "LATEST", "ALIASES", "DESCRIPTION"],
                    models.Select(m => (IReadOnlyList<string?>)[
                        m.Name, m.Versions.Count.ToString(CultureInfo.InvariantCulture),
                        m.Versions.Count == 0 ? "" : $"{m.Versions[0].Version} ({m.Versions[0].Status})",
                        string.Join(", ", m.Aliases.Select(a => $"{a.Alias}={a.Version}")), m.Description]));
            }, nameContains),
            commands.Create("show", "Show a model's versions and aliases.", async cli =>
            {
                var found = await cli.Client.GetModelAsync(cli.Value(model), cli.CancellationToken)
                    ?? throw new MlopsException(MlopsErrorCodes.NotFound, $"No model is named '{cli.Value(model)}'.");
                if (cli.Output.IsJson)
                {
                    cli.Output.WriteJson(found);
                    return;
                }

                cli.Output.WriteTable(VersionHeaders, found.Versions.Select(Row), $"{found.Name}{(string.IsNullOrEmpty(found.Description) ? "" : ": " + found.Description)}");
            }, model),
            commands.Create("register", "Register a new version from a run's artifact (--run-id, --artifact-path) or a local file (--file).", async cli =>
            {
                var (run, path, local) = (cli.Value(runId), cli.Value(artifactPath), cli.Value(file));
                ModelVersion registered;
                if (local is not null && run is null && path is null)
                {
                    var stored = await Transfers.UploadAsync(cli, CommandHelpers.RequireFile(local), (progress, ct) => cli.Client.UploadArtifactAsync(local, progress, ct));
                    registered = await cli.Client.RegisterModelVersionAsync(cli.Value(model), stored.Sha256, cli.Value(description), cancellationToken: cli.CancellationToken);
                }
                else if (local is null && run is not null && path is not null)
                {
                    registered = await cli.Client.RegisterModelFromRunAsync(cli.Value(model), run, path, cli.Value(description), cancellationToken: cli.CancellationToken);
                }
                else
                {
                    throw new CliUsageException("Give either --run-id with --artifact-path, or --file.");
                }

                PrintVersion(cli, registered);
            }, model, runId, artifactPath, file, description),
            commands.Create("alias", "Point an alias at a version.", async cli =>
                PrintVersion(cli, await cli.Client.SetAliasAsync(cli.Value(model), cli.Value(alias), cli.Value(version), cli.CancellationToken)),
                model, alias, version),
            commands.Create("promote", "Request a stage transition (Production waits for another approver's approval).", async cli =>
                PrintTransition(cli, await cli.Client.RequestStageTransitionAsync(
                    cli.Value(model), cli.Value(version), cli.Value(stage), !cli.Value(keepExisting), cli.Value(comment), cli.CancellationToken)),
                model, version, stage, comment, keepExisting),
            commands.Create("approve", "Approve a pending stage transition request.", async cli =>
                PrintTransition(cli, await cli.Client.ApproveStageTransitionAsync(cli.Value(model), cli.Value(requestId), cli.Value(comment), cli.CancellationToken)),
                model, requestId, comment));
    }

    private static void PrintVersion(CliInvocation cli, ModelVersion version)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(version);
        }
        else
        {
            cli.Output.WriteTable(VersionHeaders, [Row(version)], version.ModelName);
        }
    }

    private static void PrintTransition(CliInvocation cli, StageTransition transition)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(transition);
        }
        else
        {
            cli.Output.WriteTable(
                ["REQUEST", "VERSION", "FROM", "TO", "STATUS", "REQUESTED BY"],
                [[transition.Id, transition.Version.ToString(CultureInfo.InvariantCulture), transition.FromStage, transition.ToStage, transition.Status, transition.RequestedBy]]);
        }
    }

    private static IReadOnlyList<string?> Row(ModelVersion v) =>
        [v.Version.ToString(CultureInfo.InvariantCulture), v.Status, v.Stage, string.Join(", ", v.Aliases), v.Lineage.SourceRunId,
         v.ArtifactSha256[..Math.Min(12, v.ArtifactSha256.Length)], Sizes.Format(v.ArtifactSize), CliOutput.Format(v.CreatedAt)];
}
