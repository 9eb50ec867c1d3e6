using System.ComponentModel.DataAnnotations;

namespace MLOps.Server.Hosting;

/// <summary>
/// The silo's identity and endpoints (configuration section "Orleans", the keys Aspire's Orleans integration
/// uses: Orleans:ClusterId, Orleans:ServiceId, Orleans:Endpoints:SiloPort, Orleans:Endpoints:GatewayPort).
/// </summary>
public sealed class OrleansSettings
{
    public const string SectionName = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "mlops-local";

    [Required]
    public string ServiceId { get; set; } = "mlops";

    /// <summary>Name of this silo; defaults to the machine name.</summary>
    public string? SiloName { get; set; }

    public OrleansEndpointSettings Endpoints { get; set; } = new();
}
