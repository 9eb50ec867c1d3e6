using System.Net;
using System.Net.Sockets;

namespace MLOps.IntegrationTests.Fixtures;

/// <summary>Free loopback ports, so silos and servers of parallel tests never collide.</summary>
public static class LoopbackPorts
{
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
