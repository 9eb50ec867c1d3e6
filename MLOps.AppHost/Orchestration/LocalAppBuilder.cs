using MLOps.AppHost.Resources;

namespace MLOps.AppHost.Orchestration;

/// <summary>
/// Declares the resources of a local run, in the shape of Aspire's DistributedApplicationBuilder, but starting local
/// processes instead of containers. Resources start once what they wait for is ready, and stop in reverse order.
/// </summary>
internal sealed class LocalAppBuilder(AppHostOptions options)
{
    private readonly List<RunnableResource> _resources = [];
    private readonly AppHostContext _context = new(options, RepositoryRoot.Find(), new ConsoleOutput());

    public AppHostOptions Options => _context.Options;

    public PostgresResource AddPostgres(string name) => Add(new PostgresResource(name, _context));

    public AzuriteResource AddAzurite(string name) => Add(new AzuriteResource(name, _context));

    public ProjectResource AddProject(string name, string assemblyPath) => Add(new ProjectResource(name, assemblyPath, _context));

    public LocalApp Build()
    {
        foreach (var project in _resources.OfType<ProjectResource>())
        {
            // Connection strings exist only once their server runs: a reference without WaitFor could not be resolved.
            var unwaited = project.References.FirstOrDefault(reference => !project.Dependencies.Contains(reference.Owner));
            if (unwaited is not null)
            {
                throw new InvalidOperationException($"{project.Name} references {unwaited.Name} without WaitFor({unwaited.Name}).");
            }
        }

        return new LocalApp(_resources, _context);
    }

    private T Add<T>(T resource)
        where T : RunnableResource
    {
        if (_resources.Any(existing => existing.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named {resource.Name} was already added.");
        }

        _resources.Add(resource);
        return resource;
    }
}
