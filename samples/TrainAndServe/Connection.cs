namespace MLOps.Samples.TrainAndServe;

/// <summary>Where the server is and which key to send: arguments, then MLOPS_URL / MLOPS_API_KEY, then the AppHost's defaults.</summary>
internal static class Connection
{
    public const string DefaultUrl = "http://localhost:5100";
    private const string AdminKeyFile = ".data/admin-key";

    public static Uri Url(string[] args) =>
        new(args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("MLOPS_URL") is { Length: > 0 } url ? url : DefaultUrl);

    /// <summary>MLOPS_API_KEY, else the development admin key the AppHost keeps in .data/admin-key at the repository root.</summary>
    public static string? ApiKey()
    {
        if (Environment.GetEnvironmentVariable("MLOPS_API_KEY") is { Length: > 0 } key)
        {
            return key;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var path = Path.Combine(folder.FullName, AdminKeyFile);
                if (File.Exists(path))
                {
                    return File.ReadAllText(path).Trim();
                }
            }
        }

        return null;
    }
}
