using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Client;

namespace MLOps.Cli.Commands;

/// <summary>mlops artifacts upload|download|list.</summary>
internal static class ArtifactsCommands
{
    public static Command Create(CliCommand commands)
    {
        var file = new Argument<string>("file") { Description = "The local file to upload." };
        var run = new Option<string?>("--run") { Description = "Store the file under this run (else in the content-addressed store)." };
        var path = new Option<string?>("--path") { Description = "The path under the run (default: the file's name)." };
        var source = new Argument<string>("sha256-or-run-id") { Description = "An artifact's SHA-256, or a run id followed by the path under the run." };
        var runPath = new Argument<string?>("path") { Description = "The path under the run, when the first argument is a run id.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { Description = "The local file to write (default: the artifact's file name)." };
        var listRun = new Option<string>("--run") { Description = "The run whose files to list.", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Only files under this folder." };
        return CliCommand.Group(
            "artifacts",
            "Artifacts: files under runs, and the content-addressed store.",
            commands.Create("upload", "Upload a file (streamed).", cli => UploadAsync(cli, file, run, path), file, run, path),
            commands.Create("download", "Download an artifact by SHA-256, or a run's file by run id and path.", cli => DownloadAsync(cli, source, runPath, output), source, runPath, output),
            commands.Create("list", "List the files under a run.", async cli =>
            {
                var files = await cli.Client.ListRunArtifactsAsync(cli.Value(listRun), cli.Value(prefix), cli.CancellationToken);
                if (cli.Output.IsJson)
                {
                    cli.Output.WriteJson(files);
                    return;
                }

                cli.Output.WriteTable(["PATH", "SIZE", "SHA256", "CREATED"], files.Select(f => (IReadOnlyList<string?>)[f.Path, Sizes.Format(f.SizeBytes), f.Sha256, CliOutput.Format(f.CreatedAt)]));
            }, listRun, prefix));
    }

    private static async Task UploadAsync(CliInvocation cli, Argument<string> file, Option<string?> run, Option<string?> path)
    {
        var local = CommandHelpers.RequireFile(cli.Value(file));
        if (cli.Value(run) is { } runId)
        {
            var stored = await Transfers.UploadAsync(cli, local, (progress, ct) => cli.Client.UploadRunArtifactAsync(runId, local, cli.Value(path), progress, ct));
            Print(cli, stored.Path, stored.Sha256, stored.SizeBytes);
        }
        else if (cli.Value(path) is not null)
        {
            throw new CliUsageException("--path needs --run: files in the content-addressed store have no path.");
        }
        else
        {
            var stored = await Transfers.UploadAsync(cli, local, (progress, ct) => cli.Client.UploadArtifactAsync(local, progress, ct));
            Print(cli, null, stored.Sha256, stored.SizeBytes);
        }
    }

    private static async Task DownloadAsync(CliInvocation cli, Argument<string> source, Argument<string?> runPath, Option<string?> output)
    {
        var (first, path) = (cli.Value(source), cli.Value(runPath));
        StoredArtifact stored;
        string target;
        if (path is null)
        {
            target = cli.Value(output) ?? first;
            var info = await cli.Client.GetArtifactInfoAsync(first, cli.CancellationToken)
                ?? throw new MlopsException(MlopsErrorCodes.NotFound, $"No artifact has sha256 {first}.");
            stored = await Transfers.RunAsync(cli, "Downloading " + first[..Math.Min(12, first.Length)], info.SizeBytes,
                (progress, ct) => cli.Client.DownloadArtifactAsync(first, target, progress, ct));
        }
        else
        {
            target = cli.Value(output) ?? Path.GetFileName(path);
            var files = await cli.Client.ListRunArtifactsAsync(first, path, cli.CancellationToken);
            var size = files.FirstOrDefault(f => f.Path == path)?.SizeBytes;
            stored = await Transfers.RunAsync(cli, "Downloading " + path, size,
                (progress, ct) => cli.Client.DownloadRunArtifactAsync(first, path, target, progress, ct));
        }

        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(new { file = target, stored.Sha256, stored.SizeBytes });
        }
        else
        {
            cli.Output.WriteLine($"Wrote {Sizes.Format(stored.SizeBytes)} to {target} (sha256 {stored.Sha256}).");
        }
    }

    private static void Print(CliInvocation cli, string? path, string sha256, long sizeBytes)
    {
        if (cli.Output.IsJson)
        {
            cli.Output.WriteJson(new { path, sha256, sizeBytes });
        }
        else
        {
            cli.Output.WriteTable(["PATH", "SHA256", "SIZE"], [[path ?? "", sha256, Sizes.Format(sizeBytes)]]);
        }
    }
}
