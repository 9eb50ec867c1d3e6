using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;
using Npgsql;

namespace MLOps.IntegrationTests.Deployment;

/// <summary>
/// The contract between infra/ and the app: the server starts and serves with the environment variables the
/// Bicep gives its container, their values shaped as in Azure and pointed at the local PostgreSQL and Azurite.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class DeploymentContractTests(InfrastructureFixture infrastructure)
{
    private static readonly string[] RequiredNames =
    [
        "ConnectionStrings__mlops-db", "ConnectionStrings__artifacts", "AZURE_CLIENT_ID",
        "Orleans__ClusterId", "Orleans__ServiceId", "Orleans__Endpoints__SiloPort", "Orleans__Endpoints__GatewayPort",
        "ASPNETCORE_HTTP_PORTS", "OTEL_SERVICE_NAME",
    ];

    [Fact]
    public void TheContainerGetsEveryVariableTheServerReadsAndNoSecrets()
    {
        var environment = BicepOutputs.ServerEnvironment();

        foreach (var name in RequiredNames)
        {
            Assert.True(environment.ContainsKey(name), $"infra/ does not set {name} on the server container.");
        }

        var database = new NpgsqlConnectionStringBuilder(BicepOutputs.FormatTemplate(environment["ConnectionStrings__mlops-db"]));
        Assert.True(string.IsNullOrEmpty(database.Password), "The database connection string must not carry a password: the app uses Entra tokens.");
        Assert.Equal(SslMode.Require, database.SslMode);
        Assert.Matches(@"^\[reference\(.*\.outputs\.blobEndpoint\.value\]$", environment["ConnectionStrings__artifacts"]);
        Assert.DoesNotContain(environment.Values, value => value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheServerStartsWithTheEnvironmentShapedAsTheBicepGivesIt()
    {
        var bicep = BicepOutputs.ServerEnvironment();
        await PostgresTls.EnableAsync(infrastructure.Postgres);
        var localDatabase = new NpgsqlConnectionStringBuilder(await infrastructure.CreateDatabaseAsync("deployment"));

        // Same template as in Azure: only the values Azure computes are replaced by local ones. Npgsql reads a
        // port inside Host, so the template itself is untouched.
        var databaseConnection = string.Format(
            CultureInfo.InvariantCulture,
            BicepOutputs.FormatTemplate(bicep["ConnectionStrings__mlops-db"]),
            string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{infrastructure.Postgres.Port}"),
            localDatabase.Database,
            localDatabase.Username);
        // Port 0: the replica says where it listens (see ServerProcess).
        const int httpPort = 0;
        var siloPort = LoopbackPorts.GetFree();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__mlops-db"] = databaseConnection,
            // Azure passes the bare blob endpoint and the app authenticates with its managed identity; no Entra
            // token can be had here, so Azurite is reached with its connection string under the same name.
            ["ConnectionStrings__artifacts"] = infrastructure.ArtifactsConnectionString,
            ["AZURE_CLIENT_ID"] = Guid.NewGuid().ToString(),
            ["Orleans__ClusterId"] = bicep["Orleans__ClusterId"] + "-" + Guid.NewGuid().ToString("N")[..6],
            ["Orleans__ServiceId"] = bicep["Orleans__ServiceId"],
            ["Orleans__Endpoints__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_HTTP_PORTS"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["OTEL_SERVICE_NAME"] = bicep["OTEL_SERVICE_NAME"],
            ["Identity__BootstrapAdminKey"] = ServerProcess.AdminKey,
        };

        await using var server = ServerProcess.StartWithEnvironment("azure-shaped", environment, httpPort, siloPort);
        await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));

        using var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/graphql", new { query = "{ cluster { clusterId silos { siloName status address } } }" });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var cluster = body.RootElement.GetProperty("data").GetProperty("cluster");
        Assert.Equal(environment["Orleans__ClusterId"], cluster.GetProperty("clusterId").GetString());
        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.EndsWith(":" + environment["Orleans__Endpoints__SiloPort"], silo.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        await AssertServerUsedTlsAsync(databaseConnection);
    }

    private static async Task AssertServerUsedTlsAsync(string databaseConnection)
    {
        await using var connection = new NpgsqlConnection(databaseConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE s.ssl AND a.datname = current_database()", connection);
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 1, "No TLS connection reached the database.");
    }
}
