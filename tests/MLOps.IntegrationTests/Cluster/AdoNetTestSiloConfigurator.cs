using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace MLOps.IntegrationTests.Cluster;

/// <summary>Test silos on the same PostgreSQL providers and schema as the real server.</summary>
public sealed class AdoNetTestSiloConfigurator : ISiloConfigurator
{
    public const string DatabaseKey = "MLOpsTests:Database";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var connectionString = siloBuilder.Configuration[DatabaseKey]!;
        siloBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
        siloBuilder.UseAdoNetReminderService(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
        siloBuilder.AddAdoNetGrainStorageAsDefault(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
        siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
    }
}

/// <summary>The test cluster's client finds gateways through the same PostgreSQL membership table.</summary>
public sealed class AdoNetTestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = configuration[AdoNetTestSiloConfigurator.DatabaseKey]!;
        });
}
