using System.Net;
using MLOps.AppHost.Resources;

namespace MLOps.AppHost.Orchestration;

/// <summary>One process of a <see cref="ProjectResource"/>: started, watched until GET /health is 200, and stopped with SIGTERM.</summary>
internal sealed class ProjectReplica(string name, ReplicaEndpoints endpoints, IReadOnlyDictionary<string, string?> environment, AppHostContext context)
{
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private ManagedProcess? _process;
    private volatile bool _stopping;

    public string Name { get; } = name;

    public async Task StartAsync(string dotnet, string assemblyPath, CancellationToken cancellationToken)
    {
        var process = ManagedProcess.Start(
            [dotnet, assemblyPath], StopSignal.Terminate, context.LogFor(Name), Path.GetDirectoryName(assemblyPath)!, environment);
        _process = process;
        _ = ReportUnexpectedExitAsync(process);
        if (await WaitUntilHealthyAsync(process, cancellationToken))
        {
            var orleans = endpoints.SiloPort is { } silo ? $" | silo port {silo} | gateway port {endpoints.GatewayPort}" : string.Empty;
            context.Output.Ready(Name, $"{endpoints.HttpUrl} | GraphQL {endpoints.HttpUrl}/graphql{orleans} | pid {process.Id}");
        }
    }

    /// <summary>SIGTERM (the host's graceful shutdown), then the process tree is killed after <paramref name="gracePeriod"/>.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        _stopping = true;
        if (_process is not null)
        {
            await _process.StopAsync(gracePeriod);
            await _process.DisposeAsync();
        }
    }

    public void Kill()
    {
        _stopping = true;
        _process?.Kill();
    }

    private async Task<bool> WaitUntilHealthyAsync(ManagedProcess process, CancellationToken cancellationToken)
    {
        var health = new Uri($"{endpoints.HttpUrl}/health");
        var deadline = DateTime.UtcNow.AddSeconds(context.Options.StartupTimeoutSeconds);
        while (!process.HasExited)
        {
            try
            {
                using var response = await Http.GetAsync(health, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The request timed out: still starting.
            }

            if (DateTime.UtcNow > deadline)
            {
                context.Output.Problem($"{Name} (pid {process.Id}) did not answer GET {health} with 200 within {context.Options.StartupTimeoutSeconds} s; it keeps running.");
                return false;
            }

            await Task.Delay(HealthPollInterval, cancellationToken);
        }

        return false;
    }

    private async Task ReportUnexpectedExitAsync(ManagedProcess process)
    {
        var exitCode = await process.Exited;
        if (!_stopping)
        {
            context.Output.Problem($"{Name} (pid {process.Id}) exited unexpectedly with exit code {exitCode}; the other replicas keep running.");
        }
    }
}
