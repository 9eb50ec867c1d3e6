using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace MLOps.Api.Server;

/// <summary>Reports this process's build and uptime, for serverInfo; uptime counts from process start.</summary>
public sealed class ServerClock(TimeProvider time, IConfiguration configuration)
{
    private static readonly DateTimeOffset ProcessStartedAt = new(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime(), TimeSpan.Zero);

    private static readonly string BuildVersion =
        typeof(ServerClock).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public ServerInfo Describe()
    {
        var now = time.GetUtcNow();
        var instance = configuration["Orleans:SiloName"] ?? Environment.MachineName;
        return new ServerInfo(BuildVersion, instance, ProcessStartedAt, now - ProcessStartedAt);
    }
}
