using System.Globalization;
using MLOps.AppHost.Resources;
using MLOps.Storage.Cluster;
using Npgsql;

namespace MLOps.AppHost.Orchestration;

/// <summary>A .NET project run as N replicas of `dotnet {assembly}`, each with its own ports and instance name.</summary>
internal sealed class ProjectResource(string name, string assemblyPath, AppHostContext context) : RunnableResource(name)
{
    private readonly List<IResourceWithConnectionString> _references = [];
    private readonly List<ProjectReplica> _replicas = [];
    private int _replicaCount = 1;
    private (string ClusterId, string ServiceId)? _orleans;
    private string? _dotnet;

    public IReadOnlyList<IResourceWithConnectionString> References => _references;

    public ProjectResource WithReplicas(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _replicaCount = count;
        return this;
    }

    /// <summary>Each replica is an Orleans silo of this cluster, with its own silo and gateway ports.</summary>
    public ProjectResource WithOrleansSilo(string clusterId, string serviceId)
    {
        _orleans = (clusterId, serviceId);
        return this;
    }

    /// <summary>Passes the resource's connection string as ConnectionStrings__{name}.</summary>
    public ProjectResource WithReference(IResourceWithConnectionString resource)
    {
        _references.Add(resource);
        return this;
    }

    /// <summary>Starts the replicas only once <paramref name="resource"/> is healthy.</summary>
    public ProjectResource WaitFor(IResource resource)
    {
        AddDependency(resource.Owner);
        return this;
    }

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_replicaCount > 0)
        {
            if (!File.Exists(assemblyPath))
            {
                throw new PrerequisiteException(
                    $"{Name} is not built ({assemblyPath} is missing); run 'dotnet build' in {context.RepositoryRoot} (the AppHost builds it unless built with -p:BuildMLOpsServer=false).");
            }

            _dotnet = DotnetHost.Find();
        }

        return Task.CompletedTask;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var taken = new HashSet<int>();
        int Port(int preferred, int index)
        {
            var port = LoopbackPort.PreferOrFree(preferred + index);
            while (!taken.Add(port))
            {
                port = LoopbackPort.GetFree();
            }

            return port;
        }

        for (var index = 0; index < _replicaCount; index++)
        {
            var endpoints = new ReplicaEndpoints(
                Port(context.Options.HttpPort, index),
                _orleans is null ? null : Port(context.Options.SiloPort, index),
                _orleans is null ? null : Port(context.Options.GatewayPort, index));
            var replicaName = $"{Name}-{(index + 1).ToString(CultureInfo.InvariantCulture)}";
            _replicas.Add(new ProjectReplica(replicaName, endpoints, BuildEnvironment(replicaName, endpoints), context));
        }

        await RetirePreviousSilosAsync(cancellationToken);

        // A replica that fails is reported by itself; the others keep going.
        await Task.WhenAll(_replicas.Select(replica => replica.StartAsync(_dotnet!, assemblyPath, cancellationToken)));
    }

    // This AppHost starts every silo of its cluster, so any silo the membership table still lists as alive belongs to
    // a previous run that was killed; marked Dead now, the new silos do not spend their first minute probing it.
    private async Task RetirePreviousSilosAsync(CancellationToken cancellationToken)
    {
        if (_orleans is not { } orleans || _replicaCount == 0)
        {
            return;
        }

        foreach (var database in _references.OfType<PostgresDatabaseResource>())
        {
            await using var dataSource = NpgsqlDataSource.Create(database.GetConnectionString());
            try
            {
                var marked = await new MembershipJanitor(dataSource).MarkAllDeadAsync(orleans.ClusterId, cancellationToken);
                if (marked > 0)
                {
                    context.Output.Info($"{Name}: marked {marked} silo(s) of cluster '{orleans.ClusterId}' left from a previous run as dead");
                }
            }
            catch (NpgsqlException e)
            {
                // Housekeeping only: the silos would vote the old ones out themselves, so the start goes on.
                context.Output.Problem($"{Name}: could not retire silos left from a previous run in {database.Name} ({e.Message}); the new silos will vote them out");
            }
        }
    }

    public override Task StopAsync() =>
        Task.WhenAll(_replicas.Select(replica => replica.StopAsync(TimeSpan.FromSeconds(context.Options.ShutdownTimeoutSeconds))));

    public override void Kill() => _replicas.ForEach(replica => replica.Kill());

    /// <summary>What Aspire would give a project resource, plus the silo settings of its Orleans integration.</summary>
    private Dictionary<string, string?> BuildEnvironment(string replicaName, ReplicaEndpoints endpoints)
    {
        var environment = _references.ToDictionary(reference => $"ConnectionStrings__{reference.Name}", reference => (string?)reference.GetConnectionString());
        if (_orleans is { } orleans)
        {
            environment["Orleans__ClusterId"] = orleans.ClusterId;
            environment["Orleans__ServiceId"] = orleans.ServiceId;
            environment["Orleans__SiloName"] = replicaName;
            environment["Orleans__Endpoints__SiloPort"] = Invariant(endpoints.SiloPort);
            environment["Orleans__Endpoints__GatewayPort"] = Invariant(endpoints.GatewayPort);
            environment["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1";
        }

        environment["Identity__BootstrapAdminKey"] = DevelopmentAdminKey.LoadOrCreate(context);
        environment["ASPNETCORE_URLS"] = endpoints.HttpUrl;
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment["OTEL_SERVICE_NAME"] = Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replicaName}";
        if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { } otlpEndpoint)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        }

        // One line per log entry, so every line carries the replica's prefix.
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        return environment;
    }

    private static string? Invariant(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
