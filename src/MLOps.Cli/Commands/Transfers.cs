using MLOps.Cli.Hosting;
using MLOps.Client;
using Spectre.Console;

namespace MLOps.Cli.Commands;

/// <summary>Runs an artifact transfer, with a progress bar on a terminal's standard error when it is over a few MB.</summary>
internal static class Transfers
{
    public const long ProgressThreshold = 4 * 1024 * 1024;

    public static Task<T> UploadAsync<T>(CliInvocation cli, string localPath, Func<IProgress<TransferProgress>?, CancellationToken, Task<T>> upload) =>
        RunAsync(cli, "Uploading " + Path.GetFileName(localPath), new FileInfo(localPath).Length, upload);

    public static async Task<T> RunAsync<T>(
        CliInvocation cli, string description, long? totalBytes, Func<IProgress<TransferProgress>?, CancellationToken, Task<T>> transfer)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(transfer);
        if (cli.Output.IsJson || !cli.Environment.ErrorIsTerminal || totalBytes is not { } total || total < ProgressThreshold)
        {
            return await transfer(null, cli.CancellationToken);
        }

        var console = CliOutput.CreateConsole(cli.Environment.Error, terminal: true);
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: total);
                var result = await transfer(new TaskProgress(task), cli.CancellationToken);
                task.Value = total;
                return result;
            });
    }

    private sealed class TaskProgress(ProgressTask task) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => task.Value = value.BytesTransferred;
    }
}
