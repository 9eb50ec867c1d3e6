using System.ComponentModel.DataAnnotations;

namespace MLOps.AppHost.Orchestration;

/// <summary>
/// The AppHost's settings, section "AppHost": command-line switches (see <see cref="AppHostCommandLine"/>) or
/// environment variables such as AppHost__Replicas=3.
/// Replica i (counting from 1) asks for HttpPort + i - 1, SiloPort + i - 1 and GatewayPort + i - 1, so URLs stay the
/// same between runs; a port that is taken is replaced by a free one and the ready line shows which.
/// </summary>
internal sealed class AppHostOptions
{
    public const string SectionName = "AppHost";

    [Range(0, 32)]
    public int Replicas { get; set; } = 2;

    [Range(1, 65535)]
    public int HttpPort { get; set; } = 5100;

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Azurite's blob port (10000 is the emulator's usual one).</summary>
    [Range(1, 65535)]
    public int StoragePort { get; set; } = 10000;

    /// <summary>How long a replica may take to answer GET /health with 200.</summary>
    [Range(1, 3600)]
    public int StartupTimeoutSeconds { get; set; } = 120;

    /// <summary>How long a replica may take to stop after SIGTERM before its process tree is killed.</summary>
    [Range(1, 600)]
    public int ShutdownTimeoutSeconds { get; set; } = 15;
}
