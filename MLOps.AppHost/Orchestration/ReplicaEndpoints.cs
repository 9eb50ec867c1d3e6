using System.Globalization;

namespace MLOps.AppHost.Orchestration;

/// <summary>The ports one replica listens on; the Orleans ones only for silos.</summary>
internal sealed record ReplicaEndpoints(int HttpPort, int? SiloPort, int? GatewayPort)
{
    public string HttpUrl => $"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}";
}
