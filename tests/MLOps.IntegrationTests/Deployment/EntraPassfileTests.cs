using Azure.Core;
using Microsoft.Extensions.Logging.Abstractions;
using MLOps.AppHost.Resources;
using MLOps.Server.Hosting;
using Npgsql;

namespace MLOps.IntegrationTests.Deployment;

/// <summary>
/// The Orleans providers only get a connection string; with Entra they read the current token from a password
/// file. A password-protected PostgreSQL stands in for Azure, and a credential that hands out its password
/// stands in for Entra (the one thing isolated on purpose: no token service is reachable here).
/// </summary>
public sealed class EntraPassfileTests
{
    [Fact]
    public async Task ConnectionsWithOnlyAConnectionStringAuthenticateWithTheTokenInThePasswordFile()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var dataDirectory = Directory.CreateTempSubdirectory("mlops-pg-entra-").FullName;
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            DataDirectory = dataDirectory,
            Password = password,
            Durable = false,
            Databases = ["mlops"],
        });
        var withoutPassword = new NpgsqlConnectionStringBuilder(postgres.GetConnectionString("mlops")) { Password = null }.ConnectionString;
        var passfile = Path.Combine(Path.GetTempPath(), "mlops-pgpass-test-" + Guid.NewGuid().ToString("N"));
        var connection = new PostgresConnection(withoutPassword, UsesEntra: true, passfile);

        var refresher = new EntraPassfileRefresher(connection, new StaticTokenCredential(password), NullLogger<EntraPassfileRefresher>.Instance);
        await refresher.StartAsync(CancellationToken.None);
        try
        {
            await using (var authenticated = new NpgsqlConnection(connection.ProvidersConnectionString))
            {
                await authenticated.OpenAsync();
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passfile));
            await using var unauthenticated = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(withoutPassword) { Pooling = false }.ConnectionString);
            await Assert.ThrowsAnyAsync<Exception>(() => unauthenticated.OpenAsync());
        }
        finally
        {
            await refresher.StopAsync(CancellationToken.None);
            refresher.Dispose();
        }

        Assert.False(File.Exists(passfile));
    }

    [Fact]
    public void OnlyARemoteServerWithoutAPasswordUsesEntra()
    {
        Assert.True(PostgresConnection.Resolve("Host=db.postgres.database.azure.com;Database=mlops;Username=id-mlops;Ssl Mode=Require").UsesEntra);
        Assert.False(PostgresConnection.Resolve("Host=db.postgres.database.azure.com;Database=mlops;Username=u;Password=p").UsesEntra);
        Assert.False(PostgresConnection.Resolve("Host=127.0.0.1;Port=5432;Database=mlops;Username=postgres").UsesEntra);
        Assert.False(PostgresConnection.Resolve("Host=localhost;Database=mlops;Username=postgres").UsesEntra);
        Assert.False(PostgresConnection.Resolve("Host=127.0.0.1:5433;Database=mlops;Username=postgres;Ssl Mode=Require").UsesEntra);
        Assert.True(PostgresConnection.Resolve("Host=127.0.0.1,db.postgres.database.azure.com;Database=mlops;Username=id").UsesEntra);
    }

    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
