using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using MLOps.Contracts.Registry;
using Orleans.Configuration;

namespace MLOps.Server.Hosting;

public static class OrleansHostingExtensions
{
    // The ADO.NET providers load Npgsql's DbProviderFactory by this invariant name.
    private const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Co-hosts an Orleans silo in this process: clustering, reminders and grain state on PostgreSQL through
    /// the official ADO.NET providers (schema from MLOps.Storage's migrations), with activity propagation so a
    /// request is one trace from HTTP through grains to SQL.
    /// </summary>
    public static WebApplicationBuilder AddOrleansSilo(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(OrleansSettings.SectionName).Get<OrleansSettings>() ?? new OrleansSettings();
        Validate(settings);
        var connectionString = PostgresConnection.Resolve(builder.Configuration.GetConnectionString(ConnectionNames.Database)!).ProvidersConnectionString;
        var isDevelopment = builder.Environment.IsDevelopment();
        var advertised = ResolveAdvertisedAddress(settings.Endpoints.AdvertisedIPAddress, isDevelopment);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            silo.Configure<SiloOptions>(options => options.SiloName = settings.SiloName ?? Environment.MachineName);

            // Failure-detection timings (ProbeTimeout, NumMissedProbesLimit, ...) are tunable per environment.
            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(OrleansSettings.SectionName + ":Membership"));
            silo.ConfigureEndpoints(advertised, settings.Endpoints.SiloPort, settings.Endpoints.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = NpgsqlInvariant;
                options.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(options =>
            {
                options.Invariant = NpgsqlInvariant;
                options.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorageAsDefault(options =>
            {
                options.Invariant = NpgsqlInvariant;
                options.ConnectionString = connectionString;
            });
            // Registry events inside the cluster: fast in-memory streams; the durable copy is the outbox table.
            silo.AddMemoryStreams(RegistryStreams.ProviderName);
            silo.AddAdoNetGrainStorage("PubSubStore", options =>
            {
                options.Invariant = NpgsqlInvariant;
                options.ConnectionString = connectionString;
            });
            silo.AddActivityPropagation();
        });
        return builder;
    }

    private static void Validate(OrleansSettings settings)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings, new(settings), results, validateAllProperties: true)
            & System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings.Endpoints, new(settings.Endpoints), results, validateAllProperties: true);
        if (!valid)
        {
            throw new InvalidOperationException("Invalid Orleans settings: " + string.Join(" ", results.Select(r => r.ErrorMessage)));
        }

        if (settings.Endpoints.SiloPort == settings.Endpoints.GatewayPort)
        {
            throw new InvalidOperationException("Orleans:Endpoints:SiloPort and Orleans:Endpoints:GatewayPort must differ.");
        }
    }

    private static IPAddress ResolveAdvertisedAddress(string? configured, bool isDevelopment)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return IPAddress.TryParse(configured, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Orleans:Endpoints:AdvertisedIPAddress '{configured}' is not an IP address.");
        }

        if (isDevelopment)
        {
            return IPAddress.Loopback;
        }

        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(address => address.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            ?? IPAddress.Loopback;
    }
}
