using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using MLOps.AppHost.Resources;

namespace MLOps.AppHost.Orchestration;

/// <summary>Runs the declared resources until Ctrl+C or SIGTERM, then stops them in reverse order.</summary>
internal sealed class LocalApp(IReadOnlyList<RunnableResource> resources, AppHostContext context)
{
    private int _signals;

    /// <summary>0 after a requested stop; 1 when a prerequisite is missing or a resource failed to start.</summary>
    public async Task<int> RunAsync()
    {
        using var stopping = new CancellationTokenSource();
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            if (Interlocked.Increment(ref _signals) == 1)
            {
                context.Output.Info("Stopping: servers, then storage, then the database (Ctrl+C again kills everything at once).");
                stopping.Cancel();
            }
            else
            {
                KillAll();
            }
        }

        void OnProcessExit(object? sender, EventArgs e) => KillAll();

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        var prepared = false;
        try
        {
            foreach (var resource in resources)
            {
                await resource.PrepareAsync(stopping.Token);
            }

            prepared = true;

            await StartAllAsync(stopping.Token);
            context.Output.Info($"Development admin API key ({DevelopmentAdminKey.RelativePath}): {DevelopmentAdminKey.LoadOrCreate(context)}");
            context.Output.Info("Running; press Ctrl+C to stop.");
            await Task.Delay(Timeout.Infinite, stopping.Token);
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (e is PrerequisiteException or ResourceStartException)
        {
            context.Output.Problem(e.Message);
            return 1;
        }
        finally
        {
            await StopAllAsync(started: prepared);
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        }
    }

    /// <summary>Starts every resource as soon as the ones it waits for are ready; the first failure cancels the rest.</summary>
    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = new Dictionary<RunnableResource, Task>();
        foreach (var resource in resources)
        {
            started[resource] = StartAfterAsync(resource, [.. resource.Dependencies.Select(dependency => started[dependency])], failed);
        }

        try
        {
            await Task.WhenAll(started.Values);
        }
        catch (OperationCanceledException) when (started.Values.FirstOrDefault(IsRealFailure) is { } failure)
        {
            // Report the failure that cancelled the others, not one of the cancellations.
            ExceptionDispatchInfo.Throw(failure.Exception!.InnerException!);
        }
    }

    private static bool IsRealFailure(Task task) => task.IsFaulted && task.Exception!.InnerException is not OperationCanceledException;

    private static async Task StartAfterAsync(RunnableResource resource, Task[] dependencies, CancellationTokenSource failed)
    {
        try
        {
            await Task.WhenAll(dependencies);
            failed.Token.ThrowIfCancellationRequested();
            await resource.StartAsync(failed.Token);
        }
        catch (ResourceStartException e)
        {
            await failed.CancelAsync();
            throw new ResourceStartException($"{resource.Name} failed to start: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private async Task StopAllAsync(bool started)
    {
        foreach (var resource in resources.Reverse())
        {
            await resource.StopAsync();
        }

        if (started)
        {
            context.Output.Info("Stopped; nothing is left running.");
        }
    }

    private void KillAll()
    {
        foreach (var resource in resources.Reverse())
        {
            resource.Kill();
        }
    }
}
