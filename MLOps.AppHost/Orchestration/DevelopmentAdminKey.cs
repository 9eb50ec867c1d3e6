using System.Security.Cryptography;

namespace MLOps.AppHost.Orchestration;

/// <summary>
/// The development admin API key: generated on the first run, kept in .data/admin-key (mode 0600) and handed to
/// every replica as Identity__BootstrapAdminKey, which stores only its hash. Printed at start-up so a developer
/// can call the API at once; it is a local development credential, never used elsewhere.
/// </summary>
internal static class DevelopmentAdminKey
{
    public const string RelativePath = ".data/admin-key";

    private static readonly Lock Gate = new();

    public static string LoadOrCreate(AppHostContext context)
    {
        var path = context.ResolvePath(RelativePath);
        lock (Gate)
        {
            if (File.Exists(path))
            {
                return File.ReadAllText(path).Trim();
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var key = "mlops_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(new FileStream(path, options)))
            {
                writer.WriteLine(key);
            }

            return key;
        }
    }
}
