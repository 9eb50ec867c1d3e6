using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using MLOps.Cli.Commands;
using MLOps.Cli.Hosting;
using MLOps.Client;

namespace MLOps.Cli;

/// <summary>The `mlops` command line, runnable in-process: exit code 0 on success, 1 on API errors, 2 on usage errors.</summary>
[SuppressMessage("Performance", "CA1515:Consider making public types internal", Justification = "Tests run the command line in-process through this entry point.")]
public static class MlopsCli
{
    public const int Success = 0;
    public const int ApiError = 1;
    public const int UsageError = 2;

    /// <summary>Parses and runs a command line, writing results to <paramref name="stdout"/> and errors to <paramref name="stderr"/>.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors and progress bars go.</param>
    /// <param name="handler">Sends the HTTP requests (for tests); a socket handler when null.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var errorTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var environment = new CliEnvironment(stdout, stderr, handler, terminal, errorTerminal);
        var root = CreateRootCommand(environment);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync("error: " + error.Message);
            }

            await stderr.WriteLineAsync("Run 'mlops --help' (or the command with --help) for usage.");
            return UsageError;
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (MlopsException e)
        {
            await stderr.WriteLineAsync($"error [{e.Code}]: {e.Message}");
            return ApiError;
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled.");
            return ApiError;
        }
    }

    private static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var options = new GlobalOptions();
        var commands = new CliCommand(options, environment);
        var root = new RootCommand("mlops: experiments, runs, models, deployments, artifacts and inference on an MLOps server.");
        root.Options.Add(options.Url);
        root.Options.Add(options.ApiKey);
        root.Options.Add(options.Json);
        root.Subcommands.Add(ExperimentsCommands.Create(commands));
        root.Subcommands.Add(RunsCommands.Create(commands));
        root.Subcommands.Add(ModelsCommands.Create(commands));
        root.Subcommands.Add(DeploymentsCommands.Create(commands));
        root.Subcommands.Add(ArtifactsCommands.Create(commands));
        root.Subcommands.Add(InferCommand.Create(commands));
        return root;
    }
}
