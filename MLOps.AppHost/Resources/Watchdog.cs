using System.Diagnostics;
using System.Globalization;

namespace MLOps.AppHost.Resources;

/// <summary>
/// A shell that reads a pipe from this process until it closes, then sends a child its stop signal. The pipe closes
/// however this process ends (SIGKILL, a crashed test host), so the child never outlives it.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private const string Script = "while read -r _; do :; done; kill -s \"$0\" \"$1\" 2>/dev/null";

    private readonly Process _shell;

    private Watchdog(Process shell) => _shell = shell;

    /// <summary>Watches <paramref name="processId"/>; the shell runs in its own session so a terminal's Ctrl+C does not end it.</summary>
    public static Watchdog Start(string? setsid, int processId, StopSignal signal)
    {
        var startInfo = new ProcessStartInfo(setsid ?? "/bin/sh")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (setsid is not null)
        {
            startInfo.ArgumentList.Add("/bin/sh");
        }

        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Script);
        startInfo.ArgumentList.Add(signal == StopSignal.Interrupt ? "INT" : "TERM");
        startInfo.ArgumentList.Add(processId.ToString(CultureInfo.InvariantCulture));
        return new Watchdog(Process.Start(startInfo)!);
    }

    /// <summary>Ends the shell without letting it signal (the child has exited or is being stopped by us).</summary>
    public void Dispose()
    {
        try
        {
            _shell.Kill();
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }

        _shell.Dispose();
    }
}
