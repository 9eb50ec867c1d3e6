using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MLOps.IntegrationTests.Deployment;

namespace MLOps.IntegrationTests.Browser;

/// <summary>
/// Runs the Node scripts in this folder, which drive Debian's Chromium (never a downloaded browser) through
/// playwright-core, pinned in package-lock.json here and installed with npm ci on first use. A missing
/// Chromium, Node.js or npm fails the test with what to install: CI installs them (.ci/run), nothing is skipped.
/// </summary>
internal static class BrowserScripts
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private const string InstallHint = "(Debian: apt-get install chromium nodejs npm; .ci/run installs them when missing)";

    private static string ScriptDirectory => RepositoryPaths.Combine("tests", "MLOps.IntegrationTests", "Browser");

    /// <summary>Runs <c>node script arguments...</c> here and returns its stdout; throws with its output if it fails.</summary>
    public static async Task<string> RunAsync(string script, IReadOnlyList<string> arguments, IDictionary<string, string> environment, TimeSpan timeout)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium was not found at {ChromiumPath}; the GraphiQL browser tests need it {InstallHint}.");
        }

        var node = FindOnPath("node") ?? throw new InvalidOperationException($"Node.js was not found on PATH; the browser tests need it {InstallHint}.");
        using var cancellation = new CancellationTokenSource(timeout);
        await EnsureInstalledAsync(cancellation.Token);

        var environmentWithBrowser = new Dictionary<string, string>(environment) { ["MLOPS_CHROMIUM"] = ChromiumPath };
        var (exitCode, output, errors) = await RunProcessAsync([node, script, .. arguments], environmentWithBrowser, cancellation.Token);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"node {script} exited with code {exitCode}:\n{errors}\n{output}");
    }

    /// <summary>npm ci when node_modules is missing or older than package-lock.json; one install at a time across processes.</summary>
    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (IsInstalled())
        {
            return;
        }

        var npm = FindOnPath("npm") ?? throw new InvalidOperationException($"npm was not found on PATH; the browser tests install playwright-core with it {InstallHint}.");
        await using var installLock = await AcquireLockAsync(cancellationToken);
        if (!IsInstalled())
        {
            var (exitCode, output, errors) = await RunProcessAsync(
                [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], new Dictionary<string, string>(), cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {ScriptDirectory} failed with code {exitCode}:\n{errors}\n{output}");
            }
        }
    }

    private static bool IsInstalled()
    {
        var installed = Path.Combine(ScriptDirectory, "node_modules", ".package-lock.json");
        return File.Exists(Path.Combine(ScriptDirectory, "node_modules", "playwright-core", "package.json"))
            && File.Exists(installed)
            && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(ScriptDirectory, "package-lock.json"));
    }

    /// <summary>An exclusive lock (flock, via FileShare.None) on a file named after this folder, as for Azurite.</summary>
    private static async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ScriptDirectory)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"mlops-browser-{name}.lock");
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

    private static async Task<(int ExitCode, string Output, string Errors)> RunProcessAsync(
        IReadOnlyList<string> command, IDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ScriptDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish in time and was killed.");
        }

        return (process.ExitCode, await output, await errors);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
