using System.Reflection;

namespace MLOps.AppHost.Orchestration;

/// <summary>Build outputs of the projects the AppHost runs, recorded at build time by MLOps.AppHost.csproj.</summary>
internal static class ProjectPaths
{
    /// <summary>The full path of MLOps.Server.dll.</summary>
    public static string MLOpsServer => Metadata("MLOpsServerAssembly");

    private static string Metadata(string key) =>
        typeof(ProjectPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The assembly metadata {key} is missing; MLOps.AppHost.csproj writes it at build time.");
}
