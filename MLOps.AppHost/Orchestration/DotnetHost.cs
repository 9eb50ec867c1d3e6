using MLOps.AppHost.Resources;

namespace MLOps.AppHost.Orchestration;

/// <summary>The `dotnet` host that runs the replicas: the one running us when we run under it, otherwise from PATH or DOTNET_ROOT.</summary>
internal static class DotnetHost
{
    public static string Find()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        string?[] candidates =
        [
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Executables.FindOnPath("dotnet"),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root ? Path.Combine(root, "dotnet") : null,
        ];
        return candidates.FirstOrDefault(candidate => candidate is not null && Executables.IsExecutable(candidate))
            ?? throw new PrerequisiteException("The dotnet host was not found on PATH or in DOTNET_ROOT; install the .NET 10 SDK or runtime (Debian: apt-get install dotnet-sdk-10.0).");
    }
}
