using System.Diagnostics;

namespace MLOps.AppHost.Resources;

/// <summary>
/// A long-running child process that cannot outlive its owner.
/// It runs in its own session (setsid), so a Ctrl+C in the terminal reaches only the owner, which then stops its
/// children in order. A <see cref="Watchdog"/> stops it should the owner die without stopping it.
/// </summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private const int TailLength = 40;
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(1);

    private readonly Process _process;
    private readonly StopSignal _stopSignal;
    private readonly Action<string>? _log;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Watchdog? _watchdog;

    private ManagedProcess(Process process, StopSignal stopSignal, Action<string>? log)
    {
        _process = process;
        _stopSignal = stopSignal;
        _log = log;
    }

    public int Id { get; private set; }

    /// <summary>Completes with the exit code (128 + signal number when a signal ended it) once the process has exited.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The last lines the process printed, for error messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    public static ManagedProcess Start(
        IReadOnlyList<string> command,
        StopSignal stopSignal,
        Action<string>? log,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var setsid = Executables.FindSystem("setsid");
        var startInfo = new ProcessStartInfo(setsid ?? command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in setsid is null ? command.Skip(1) : command)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, stopSignal, log);
        process.OutputDataReceived += (_, e) => managed.OnLine(e.Data, managed._outputClosed);
        process.ErrorDataReceived += (_, e) => managed.OnLine(e.Data, managed._errorClosed);
        process.Exited += (_, _) => _ = managed.OnExitedAsync();
        process.Start();
        managed.Id = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        managed._watchdog = Watchdog.Start(setsid, managed.Id, stopSignal);
        if (process.HasExited)
        {
            managed.StopWatchdog();
        }

        return managed;
    }

    /// <summary>Sends a signal; false when the process is already gone.</summary>
    public bool Signal(StopSignal signal) => !HasExited && UnixSignals.Send(Id, signal);

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(Exited, Task.Delay(timeout));
        return finished == Exited;
    }

    /// <summary>Asks the process to stop with its stop signal, and kills its whole tree after <paramref name="gracePeriod"/>.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        Signal(_stopSignal);
        if (!await WaitForExitAsync(gracePeriod))
        {
            Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Kills the process tree at once; for the second Ctrl+C and for process exit.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            await StopAsync(TimeSpan.FromSeconds(10));
        }

        StopWatchdog();
        _process.Dispose();
    }

    private void OnLine(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLength)
            {
                _tail.Dequeue();
            }
        }

        _log?.Invoke(line);
    }

    private async Task OnExitedAsync()
    {
        // The watchdog must not signal a recycled process id once this one is gone.
        StopWatchdog();

        // Let the last lines through before reporting the exit, unless a grandchild still holds the pipes.
        await Task.WhenAny(Task.WhenAll(_outputClosed.Task, _errorClosed.Task), Task.Delay(OutputDrainTimeout));
        _exited.TrySetResult(_process.ExitCode);
    }

    private void StopWatchdog() => Interlocked.Exchange(ref _watchdog, null)?.Dispose();
}
