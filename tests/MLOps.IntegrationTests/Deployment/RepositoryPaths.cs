namespace MLOps.IntegrationTests.Deployment;

/// <summary>Locates files of the repository from the test's build output.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MLOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("MLOps.sln was not found above " + AppContext.BaseDirectory);
    }
}
