using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MLOps.IntegrationTests.Deployment;

namespace MLOps.IntegrationTests.GraphQL.WebSockets;

/// <summary>
/// Runs client/subscribe.mjs, a graphql-ws client pinned in client/package-lock.json and installed with npm ci
/// on first use (as Browser/BrowserScripts.cs installs playwright-core). Missing Node.js or npm fails the test
/// with what to install: nothing is skipped.
/// </summary>
internal static class GraphQLWsClientScript
{
    private const string InstallHint = "(Debian: apt-get install nodejs npm; .ci/run installs them when missing)";

    private static string ScriptDirectory => RepositoryPaths.Combine("tests", "MLOps.IntegrationTests", "GraphQL", "WebSockets", "client");

    /// <summary>Starts <c>node subscribe.mjs url events [deployment]</c> with the key in MLOPS_API_KEY; stdout is read line by line.</summary>
    public static async Task<Process> StartAsync(Uri webSocketUrl, string apiKey, int events, string? deployment, CancellationToken cancellationToken)
    {
        var node = FindOnPath("node") ?? throw new InvalidOperationException($"Node.js was not found on PATH; the graphql-ws client test needs it {InstallHint}.");
        await EnsureInstalledAsync(cancellationToken);
        var start = StartInfo(node, ["subscribe.mjs", webSocketUrl.AbsoluteUri, events.ToString(System.Globalization.CultureInfo.InvariantCulture), .. deployment is null ? Array.Empty<string>() : [deployment]]);
        start.Environment["MLOPS_API_KEY"] = apiKey;
        return Process.Start(start)!;
    }

    /// <summary>npm ci when node_modules is missing or older than package-lock.json; one install at a time across processes.</summary>
    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (IsInstalled())
        {
            return;
        }

        var npm = FindOnPath("npm") ?? throw new InvalidOperationException($"npm was not found on PATH; the graphql-ws client test installs graphql-ws with it {InstallHint}.");
        await using var installLock = await AcquireLockAsync(cancellationToken);
        if (!IsInstalled())
        {
            using var install = Process.Start(StartInfo(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]))!;
            var output = install.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = install.StandardError.ReadToEndAsync(cancellationToken);
            await install.WaitForExitAsync(cancellationToken);
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {ScriptDirectory} failed with code {install.ExitCode}:\n{await errors}\n{await output}");
            }
        }
    }

    private static bool IsInstalled()
    {
        var installed = Path.Combine(ScriptDirectory, "node_modules", ".package-lock.json");
        return File.Exists(Path.Combine(ScriptDirectory, "node_modules", "graphql-ws", "package.json"))
            && File.Exists(installed)
            && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(ScriptDirectory, "package-lock.json"));
    }

    /// <summary>An exclusive lock (flock, via FileShare.None) on a file named after this folder.</summary>
    private static async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ScriptDirectory)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"mlops-graphql-ws-client-{name}.lock");
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

    private static ProcessStartInfo StartInfo(string command, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ScriptDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
