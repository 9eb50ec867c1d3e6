using System.ComponentModel.DataAnnotations;

namespace MLOps.Server.Hosting;

/// <summary>Ports and advertised address of the silo.</summary>
public sealed class OrleansEndpointSettings
{
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Address other silos reach this one at. Unset: 127.0.0.1 in Development (the silo then listens on
    /// loopback only), otherwise the container's first non-loopback IPv4 address.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }
}
