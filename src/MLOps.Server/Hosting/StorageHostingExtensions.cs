using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using MLOps.Storage.Artifacts;
using MLOps.Storage.Cluster;
using MLOps.Storage.Database;

namespace MLOps.Server.Hosting;

public static class StorageHostingExtensions
{
    /// <summary>
    /// PostgreSQL (ConnectionStrings:mlops-db) and Azure Blob Storage (ConnectionStrings:artifacts) the way
    /// Aspire's client integrations wire them: a data source and a service client in DI, their health checks,
    /// and their telemetry. Migrations and the artifact container are applied before Orleans starts.
    /// </summary>
    public static WebApplicationBuilder AddPlatformStorage(this WebApplicationBuilder builder)
    {
        var database = PostgresConnection.Resolve(builder.Configuration.GetRequiredConnectionString(ConnectionNames.Database));
        var artifactsConnection = builder.Configuration.GetRequiredConnectionString(ConnectionNames.Artifacts);

        // One workload identity for every Azure call; only constructed where a connection has no secret.
        builder.Services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        builder.Services.AddSingleton(database);
        builder.Services.AddNpgsqlDataSource(database.ConnectionString, (services, dataSource) =>
        {
            if (database.UsesEntra)
            {
                var credential = services.GetRequiredService<TokenCredential>();
                dataSource.UsePeriodicPasswordProvider(
                    async (_, cancellationToken) =>
                        (await credential.GetTokenAsync(new TokenRequestContext([EntraPassfileRefresher.Scope]), cancellationToken)).Token,
                    TimeSpan.FromMinutes(20),
                    TimeSpan.FromSeconds(5));
            }
        });

        // Hosted services start in registration order, and these are registered ahead of Orleans.
        builder.Services.AddHostedService<EntraPassfileRefresher>();
        builder.Services.AddHostedService<StorageInitializer>();

        builder.Services.AddSingleton(services => CreateBlobServiceClient(artifactsConnection, services));
        builder.Services.AddOptions<ArtifactStoreOptions>()
            .BindConfiguration(ArtifactStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ArtifactStore>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<MembershipReader>();

        builder.Services.AddHealthChecks()
            .AddNpgSql(name: "postgres", tags: ["ready"], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<BlobStorageHealthCheck>("artifacts", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    private static BlobServiceClient CreateBlobServiceClient(string connection, IServiceProvider services)
    {
        // A bare endpoint URI means the cloud: authenticate with the workload's identity instead of a key.
        if (Uri.TryCreate(connection, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http")
        {
            return new BlobServiceClient(endpoint, services.GetRequiredService<TokenCredential>());
        }

        return new BlobServiceClient(connection);
    }

    private static string GetRequiredConnectionString(this IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The connection string '{name}' is missing; set ConnectionStrings__{name} (the AppHost does this for you).");
}
