using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Server.Hosting;

namespace MLOps.IntegrationTests.Fixtures;

/// <summary>
/// The real MLOps.Server (found through one of its types, since every executable here has a Program) (silo and API in one host) in this test process, on real Kestrel ports, wired to the
/// collection's PostgreSQL and Azurite with its own database and cluster id.
/// </summary>
public sealed class ServerFactory(string databaseConnectionString, string artifactsConnectionString, string clusterId)
    : WebApplicationFactory<StorageInitializer>
{
    private readonly List<Action<IServiceCollection>> _testServices = [];

    public int SiloPort { get; } = LoopbackPorts.GetFree();

    public int GatewayPort { get; } = LoopbackPorts.GetFree();

    public string ClusterId => clusterId;

    /// <summary>The admin key the server ensures at start-up (Identity:BootstrapAdminKey).</summary>
    public string AdminKey { get; } = "mlops_test_admin_" + Guid.NewGuid().ToString("N");

    /// <summary>Adds service registrations applied after the application's own (before the server starts).</summary>
    public ServerFactory WithServices(Action<IServiceCollection> configure)
    {
        _testServices.Add(configure);
        return this;
    }

    /// <summary>Starts the server on a free loopback port and returns a client that sends the admin key.</summary>
    public HttpClient StartAndCreateClient()
    {
        UseKestrel(0);
        StartServer();
        return CreateClientWithKey(AdminKey);
    }

    /// <summary>A client for the started server sending this API key (or none).</summary>
    public HttpClient CreateClientWithKey(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:mlops-db", databaseConnectionString);
        builder.UseSetting("ConnectionStrings:artifacts", artifactsConnectionString);
        builder.UseSetting("Orleans:ClusterId", clusterId);
        builder.UseSetting("Identity:BootstrapAdminKey", AdminKey);
        builder.UseSetting("GraphQL:ExposeExceptionDetails", "true");
        builder.UseSetting("Orleans:ServiceId", "mlops-tests");
        builder.UseSetting("Orleans:SiloName", "test-silo-" + SiloPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:Endpoints:SiloPort", SiloPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:Endpoints:GatewayPort", GatewayPort.ToString(CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _testServices)
            {
                configure(services);
            }
        });
    }
}
