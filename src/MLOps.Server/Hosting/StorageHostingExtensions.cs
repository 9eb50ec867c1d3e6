using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using MLOps.Storage.Artifacts;
using MLOps.Storage.Cluster;
using MLOps.Storage.Database;

namespace MLOps.Server.Hosting;

public static class StorageHostingExtensions
{
    private const string PostgresEntraScope = "https://ossrdbms-aad.database.windows.net/.default";

    /// <summary>
    /// PostgreSQL (ConnectionStrings:mlops-db) and Azure Blob Storage (ConnectionStrings:artifacts) the way
    /// Aspire's client integrations wire them: a data source and a service client in DI, their health checks,
    /// and their telemetry. Migrations and the artifact container are applied before Orleans starts.
    /// </summary>
    public static WebApplicationBuilder AddPlatformStorage(this WebApplicationBuilder builder)
    {
        var databaseConnection = builder.Configuration.GetRequiredConnectionString(ConnectionNames.Database);
        var artifactsConnection = builder.Configuration.GetRequiredConnectionString(ConnectionNames.Artifacts);

        builder.Services.AddNpgsqlDataSource(databaseConnection, dataSource =>
        {
            // No password for a remote server means Entra authentication with the workload's identity; a local
            // server without a password is one that trusts loopback connections (tests, development).
            if (string.IsNullOrEmpty(dataSource.ConnectionStringBuilder.Password) && !IsLoopback(dataSource.ConnectionStringBuilder.Host))
            {
                var credential = new DefaultAzureCredential();
                dataSource.UsePeriodicPasswordProvider(
                    async (_, cancellationToken) =>
                        (await credential.GetTokenAsync(new TokenRequestContext([PostgresEntraScope]), cancellationToken)).Token,
                    TimeSpan.FromMinutes(30),
                    TimeSpan.FromSeconds(5));
            }
        });

        builder.Services.AddSingleton(_ => CreateBlobServiceClient(artifactsConnection));
        builder.Services.AddOptions<ArtifactStoreOptions>()
            .BindConfiguration(ArtifactStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ArtifactStore>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<MembershipReader>();
        builder.Services.AddHostedService<StorageInitializer>();

        builder.Services.AddHealthChecks()
            .AddNpgSql(name: "postgres", tags: ["ready"], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<BlobStorageHealthCheck>("artifacts", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    private static bool IsLoopback(string? host) =>
        host is null or "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address))
        || host.StartsWith('/');

    private static BlobServiceClient CreateBlobServiceClient(string connection)
    {
        // A bare endpoint URI means the cloud: authenticate with the workload's identity instead of a key.
        if (Uri.TryCreate(connection, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http")
        {
            return new BlobServiceClient(endpoint, new DefaultAzureCredential());
        }

        return new BlobServiceClient(connection);
    }

    private static string GetRequiredConnectionString(this IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The connection string '{name}' is missing; set ConnectionStrings__{name} (the AppHost does this for you).");
}
