namespace MLOps.AppHost.Resources;

/// <summary>Removing the temporary data directories the fixtures create.</summary>
internal static class DataDirectories
{
    public static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
