using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MLOps.IntegrationTests.Fixtures;

/// <summary>
/// Free loopback ports for silos and servers of parallel tests. A port is handed out between its check and
/// its use, so it is picked below the kernel's ephemeral range where it can be: there no outgoing connection and
/// no listener bound to port 0 (Kestrel in an in-process test server) can take it meanwhile. A port is never
/// handed out twice in one test run.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int EphemeralStart = ReadEphemeralStart();

    public static int GetFree()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 200 && EphemeralStart - Lowest > 1000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, EphemeralStart);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }

            // No room below the ephemeral range: let the kernel pick, and accept the rare race.
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var picked = ((IPEndPoint)listener.LocalEndpoint).Port;
            HandedOut.Add(picked);
            return picked;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux: Windows and macOS start their ephemeral ranges at 49152.
            return 49_152;
        }
    }
}
