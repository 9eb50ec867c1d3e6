using System.Diagnostics;
using System.Text;

namespace MLOps.AppHost.Resources;

/// <summary>Runs a short-lived command to completion and captures what it printed.</summary>
internal static class CommandRunner
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs the command; a cancelled run kills its process tree.</summary>
    public static async Task<Result> RunAsync(
        IReadOnlyList<string> command,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        Action<string>? log = null)
    {
        var startInfo = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "/",
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            log?.Invoke(line);
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            return new Result(process.ExitCode, output.ToString().Trim());
        }
    }

    /// <summary>Runs the command and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(
        IReadOnlyList<string> command,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        Action<string>? log = null)
    {
        var result = await RunAsync(command, cancellationToken, workingDirectory, log);
        if (result.ExitCode != 0)
        {
            throw new ResourceStartException(
                $"'{Path.GetFileName(command[0])} {string.Join(' ', command.Skip(1))}' failed with exit code {result.ExitCode}: {result.Output}");
        }

        return result.Output;
    }
}
