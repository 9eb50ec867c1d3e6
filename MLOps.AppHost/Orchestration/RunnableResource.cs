namespace MLOps.AppHost.Orchestration;

/// <summary>A resource backed by processes the AppHost starts, checks and stops.</summary>
internal abstract class RunnableResource(string name) : IResource
{
    private readonly List<RunnableResource> _dependencies = [];

    public string Name { get; } = name;

    RunnableResource IResource.Owner => this;

    /// <summary>Resources that must be ready before this one starts (WaitFor).</summary>
    public IReadOnlyList<RunnableResource> Dependencies => _dependencies;

    /// <summary>Checks what must be installed or built, before anything starts; throws PrerequisiteException.</summary>
    public abstract Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Starts the processes and returns once they are healthy (and announced as ready).</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops gracefully; safe to call when the start failed halfway or never happened.</summary>
    public abstract Task StopAsync();

    /// <summary>The last resort when the AppHost is exiting anyway: signals or kills without waiting.</summary>
    public abstract void Kill();

    protected void AddDependency(RunnableResource resource)
    {
        if (!_dependencies.Contains(resource))
        {
            _dependencies.Add(resource);
        }
    }
}
