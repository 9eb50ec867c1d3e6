using System.Net;
using System.Net.Sockets;

namespace MLOps.AppHost.Resources;

/// <summary>Free TCP ports on 127.0.0.1.</summary>
internal static class LoopbackPort
{
    /// <summary>A port the kernel considers free right now; another process may still take it before we bind.</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
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

    /// <summary><paramref name="preferred"/> when it is free, otherwise any free port.</summary>
    public static int PreferOrFree(int preferred) => preferred > 0 && IsFree(preferred) ? preferred : GetFree();

    /// <summary>Whether a process that failed to start said its port was taken.</summary>
    public static bool LooksLikePortConflict(string output) =>
        output.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
        || output.Contains("EADDRINUSE", StringComparison.Ordinal);
}
