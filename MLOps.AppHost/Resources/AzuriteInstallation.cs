using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MLOps.AppHost.Resources;

/// <summary>Node.js and the Azurite version pinned in tools/azurite (installed there with npm ci when missing or stale).</summary>
internal static class AzuriteInstallation
{
    public const int MinimumNodeMajorVersion = 20;

    private const string InstallHint = "(Debian 13 and later: apt-get install nodejs npm; older releases: the NodeSource packages)";
    private static readonly ConcurrentDictionary<string, string> NodeByPath = new();

    public static string BlobEntryPoint(string repositoryRoot) =>
        Path.Combine(ToolDirectory(repositoryRoot), "node_modules", "azurite", "dist", "src", "blob", "main.js");

    /// <summary>Checks Node.js, runs npm ci when node_modules is missing or older than package-lock.json, and returns node's path.</summary>
    public static async Task<string> EnsureAsync(string repositoryRoot, Action<string>? log, CancellationToken cancellationToken)
    {
        var node = await FindNodeAsync(cancellationToken);
        var toolDirectory = ToolDirectory(repositoryRoot);
        if (IsUpToDate(repositoryRoot))
        {
            return node;
        }

        var npm = Executables.FindOnPath("npm")
            ?? throw new PrerequisiteException($"npm was not found on PATH and Azurite is not installed in {toolDirectory}; install Node.js {MinimumNodeMajorVersion} or newer with npm {InstallHint}.");

        // Test projects start fixtures in parallel processes: one npm ci at a time, the others wait and reuse it.
        await using var installLock = await AcquireLockAsync(toolDirectory, cancellationToken);
        if (!IsUpToDate(repositoryRoot))
        {
            log?.Invoke($"Installing Azurite in {toolDirectory} with npm ci");
            await CommandRunner.RunCheckedAsync([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cancellationToken, toolDirectory, log);
        }

        return node;
    }

    private static string ToolDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, "tools", "azurite");

    private static bool IsUpToDate(string repositoryRoot)
    {
        var toolDirectory = ToolDirectory(repositoryRoot);
        var installed = Path.Combine(toolDirectory, "node_modules", ".package-lock.json");
        var locked = Path.Combine(toolDirectory, "package-lock.json");
        return File.Exists(BlobEntryPoint(repositoryRoot))
            && File.Exists(installed)
            && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(locked);
    }

    private static async Task<string> FindNodeAsync(CancellationToken cancellationToken)
    {
        var node = Executables.FindOnPath("node")
            ?? throw new PrerequisiteException($"Node.js {MinimumNodeMajorVersion} or newer was not found on PATH; install Node.js {MinimumNodeMajorVersion} or newer with npm {InstallHint} to run Azurite.");
        if (NodeByPath.ContainsKey(node))
        {
            return node;
        }

        // "v20.20.2"
        var version = (await CommandRunner.RunAsync([node, "--version"], cancellationToken)).Output.TrimStart('v');
        var major = int.TryParse(version.Split('.')[0], CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        if (major < MinimumNodeMajorVersion)
        {
            throw new PrerequisiteException(
                $"Node.js {version} at {node} is older than {MinimumNodeMajorVersion}; install Node.js {MinimumNodeMajorVersion} or newer with npm {InstallHint} to run Azurite.");
        }

        NodeByPath[node] = version;
        return node;
    }

    /// <summary>An exclusive lock (flock, via FileShare.None) on a file named after the tool directory.</summary>
    private static async Task<FileStream> AcquireLockAsync(string toolDirectory, CancellationToken cancellationToken)
    {
        var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(toolDirectory)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"mlops-azurite-{name}.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }
}
