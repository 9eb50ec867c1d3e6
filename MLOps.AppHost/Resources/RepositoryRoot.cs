using System.Reflection;

namespace MLOps.AppHost.Resources;

/// <summary>The repository's top folder: the one that holds tools/azurite/package.json (next to MLOps.sln).</summary>
internal static class RepositoryRoot
{
    private static readonly string Marker = Path.Combine("tools", "azurite", "package.json");

    /// <summary>
    /// Walks up from the running assembly's folder (bin/… inside the repository), then tries the root recorded when
    /// MLOps.AppHost was built (outputs outside the repository), then walks up from the current directory.
    /// </summary>
    public static string Find()
    {
        var recorded = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "MLOpsRepositoryRoot")?.Value;
        string?[] starts = [AppContext.BaseDirectory, recorded, Environment.CurrentDirectory];
        foreach (var start in starts)
        {
            for (var directory = start; directory is not null; directory = Path.GetDirectoryName(directory))
            {
                if (File.Exists(Path.Combine(directory, Marker)))
                {
                    return Path.TrimEndingDirectorySeparator(directory);
                }
            }
        }

        throw new ResourceStartException(
            $"No folder above {AppContext.BaseDirectory} or {Environment.CurrentDirectory} holds {Marker}; run from inside the repository or set the repository root explicitly.");
    }
}
