using MLOps.AppHost.Orchestration;

// The system on one machine, in the shape of an Aspire AppHost: infrastructure first, then the services wired to it.
// Local processes stand in for Aspire's containers (see README.md).
if (!AppHostCommandLine.TryParse(args, out var options, out var exitCode))
{
    return exitCode;
}

var builder = new LocalAppBuilder(options);

var db = builder.AddPostgres("postgres")
    .WithDataDirectory(".data/postgres")
    .AddDatabase("mlops-db", "mlops");

var artifacts = builder.AddAzurite("storage")
    .WithDataDirectory(".data/azurite")
    .AddBlobs("artifacts");

builder.AddProject("mlops-server", ProjectPaths.MLOpsServer)
    .WithReplicas(options.Replicas)
    .WithOrleansSilo(clusterId: "mlops-local", serviceId: "mlops")
    .WithReference(db)
    .WithReference(artifacts)
    .WaitFor(db)
    .WaitFor(artifacts);

return await builder.Build().RunAsync();

/// <summary>
/// Internal on purpose: test projects reference the AppHost for its fixtures (MLOps.AppHost.Resources) and also
/// MLOps.Server, whose Program they use with WebApplicationFactory; two public Program types would collide.
/// </summary>
internal partial class Program;
