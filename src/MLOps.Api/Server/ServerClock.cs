using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace MLOps.Api.Server;

/// <summary>Remembers when this process started serving, for serverInfo.</summary>
public sealed class ServerClock(TimeProvider time, IConfiguration configuration)
{
    private static readonly string BuildVersion =
        typeof(ServerClock).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public ServerInfo Describe()
    {
        var now = time.GetUtcNow();
        var instance = configuration["Orleans:SiloName"] ?? Environment.MachineName;
        return new ServerInfo(BuildVersion, instance, _startedAt, now - _startedAt);
    }
}
