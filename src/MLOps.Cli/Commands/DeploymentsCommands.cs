using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Client;

namespace MLOps.Cli.Commands;

/// <summary>mlops deployments list|show|create|update|delete.</summary>
internal static class DeploymentsCommands
{
    private static readonly string[] Headers = ["NAME", "REVISION", "ROUTES", "UPDATED"];

    public static Command Create(CliCommand commands)
    {
        var name = new Argument<string>("name") { Description = "The deployment's name (served at /v2/models/{name}/infer)." };
        var model = new Option<string>("--model") { Description = "The registered model to route to.", Required = true };
        var version = new Option<int?>("--version") { Description = "A fixed version of the model." };
        var alias = new Option<string?>("--alias") { Description = "An alias to follow instead (e.g. champion): moving it moves the traffic." };
        return CliCommand.Group(
            "deployments",
            "Deployments: named inference endpoints routed to model versions or aliases.",
            commands.Create("list", "List deployments.", async cli =>
            {
                var deployments = await cli.Client.ListDeploymentsAsync(cli.CancellationToken);
                if (cli.Output.IsJson)
                {
                    cli.Output.WriteJson(deployments);
                }
                else
                {
                    cli.Output.WriteTable(Headers, deployments.Select(Row));
                }
            }),
            commands.Create("show", "Show a deployment's routes.", async cli =>
            {
                var deployment = await cli.Client.GetDeploymentAsync(cli.Value(name), cli.CancellationToken)
                    ?? throw new MlopsException(MlopsErrorCodes.NotFound, $"No deployment is named '{cli.Value(name)}'.");
                if (cli.Output.IsJson)
                {
                    cli.Output.WriteJson(deployment);
                    return;
                }

                cli.Output.WriteTable(
                    ["MODEL", "VERSION", "ALIAS", "WEIGHT", "MODE"],
                    deployment.Routes.Select(r => (IReadOnlyList<string?>)[
                        r.ModelName, r.Version?.ToString(CultureInfo.InvariantCulture), r.Alias, CliOutput.Format(r.Weight), r.Mode]),
                    $"{deployment.Name} (revision {deployment.Revision})");
            }, name),
            commands.Create("create", "Create a deployment with one route (--model with --version or --alias).", async cli =>
                Print(cli, await cli.Client.CreateDeploymentAsync(cli.Value(name), [Route(cli, model, version, alias)], cli.CancellationToken)),
                name, model, version, alias),
            commands.Create("update", "Replace a deployment's route (--model with --version or --alias).", async cli =>
                Print(cli, await cli.Client.UpdateDeploymentAsync(cli.Value(name), [Route(cli, model, version, alias)], cli.CancellationToken)),
                name, model, version, alias),
            commands.Create("delete", "Delete a deployment.", async cli =>
            {
                await cli.Client.DeleteDeploymentAsync(cli.Value(name), cli.CancellationToken);
                if (cli.Output.IsJson)
                {
                    cli.Output.WriteJson(new { name = cli.Value(name), deleted = true });
                }
                else
                {
                    cli.Output.WriteLine($"Deleted deployment '{cli.Value(name)}'.");
                }
            }, name));
    }

    private static DeploymentRoute Route(CliInvocation cli, Option<string> model, Option<int?> version, Option<string?> alias)
    {
        var (fixedVersion, followed) = (cli.Value(version), cli.Value(alias));
        return (fixedVersion, followed) switch
        {
            ({ } v, null) => DeploymentRoute.ToVersion(cli.Value(model), v),
            (null, { } a) => DeploymentRoute.ToAlias(cli.Value(model), a),
            _ => throw new CliUsageException("Give either --version or --alias."),
        };
    }

    private static void Print(CliInvocation cli, Deployment deployment)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(deployment);
        }
        else
        {
            cli.Output.WriteTable(Headers, [Row(deployment)]);
        }
    }

    private static IReadOnlyList<string?> Row(Deployment d) =>
        [d.Name, d.Revision.ToString(CultureInfo.InvariantCulture), string.Join(", ", d.Routes.Select(Describe)), CliOutput.Format(d.UpdatedAt)];

    private static string Describe(DeploymentRoute r) =>
        $"{r.ModelName}@{r.Alias ?? r.Version?.ToString(CultureInfo.InvariantCulture)} w={CliOutput.Format(r.Weight)}{(r.Mode == "PRIMARY" ? "" : " " + r.Mode)}";
}
