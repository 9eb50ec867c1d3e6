using System.Globalization;

namespace MLOps.AppHost.Resources;

/// <summary>
/// Azurite's blob service (the Azure Storage emulator, pinned in tools/azurite) on 127.0.0.1.
/// Used by the AppHost for the "artifacts" container store and by tests as a throwaway fixture.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The emulator's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known, public development key (not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int PortAttempts = 3;
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);

    private readonly ManagedProcess _process;
    private readonly bool _ownsDataDirectory;
    private bool _disposed;

    private AzuriteServer(ManagedProcess process, int port, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        _ownsDataDirectory = ownsDataDirectory;
        Port = port;
        DataDirectory = dataDirectory;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>http://127.0.0.1:{port}/devstoreaccount1</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName}");

    /// <summary>An Azure Storage connection string for the development account, blob service only.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>Checks Node.js and installs Azurite (npm ci) when needed, without starting it.</summary>
    public static async Task PrepareAsync(string? repositoryRoot, Action<string>? log = null, CancellationToken cancellationToken = default) =>
        await AzuriteInstallation.EnsureAsync(repositoryRoot ?? RepositoryRoot.Find(), log, cancellationToken);

    /// <summary>Starts Azurite; returns once the blob endpoint answers HTTP requests.</summary>
    public static Task<AzuriteServer> StartAsync(AzuriteServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartCoreAsync(options, ownsDataDirectory: false, cancellationToken);
    }

    /// <summary>A throwaway Azurite in a temporary directory on a free port; disposing it deletes the directory.</summary>
    public static Task<AzuriteServer> CreateTemporaryAsync(CancellationToken cancellationToken = default) =>
        StartCoreAsync(new AzuriteServerOptions { DataDirectory = Directory.CreateTempSubdirectory("mlops-azurite-").FullName }, ownsDataDirectory: true, cancellationToken);

    /// <summary>Stops Azurite (SIGTERM, then its process tree is killed after a grace period).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _process.DisposeAsync();
        if (_ownsDataDirectory)
        {
            DataDirectories.Delete(DataDirectory);
        }
    }

    /// <summary>Asks Azurite to stop without waiting; the AppHost's last resort when it is exiting anyway.</summary>
    internal void SignalStop() => _process.Signal(StopSignal.Terminate);

    private static async Task<AzuriteServer> StartCoreAsync(AzuriteServerOptions options, bool ownsDataDirectory, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        try
        {
            var repositoryRoot = options.RepositoryRoot ?? RepositoryRoot.Find();
            var node = await AzuriteInstallation.EnsureAsync(repositoryRoot, options.Log, cancellationToken);
            Directory.CreateDirectory(dataDirectory);
            for (var attempt = 1; ; attempt++)
            {
                var port = options.Port != 0 ? options.Port : LoopbackPort.GetFree();
                var process = Launch(node, repositoryRoot, dataDirectory, port, options);
                try
                {
                    await AzuriteReadiness.WaitAsync(process, port, options.StartTimeout, cancellationToken);
                    return new AzuriteServer(process, port, dataDirectory, ownsDataDirectory);
                }
                catch (Exception e) when (e is ResourceStartException or OperationCanceledException)
                {
                    await process.DisposeAsync();
                    if (e is OperationCanceledException || options.Port != 0 || attempt == PortAttempts || !LoopbackPort.LooksLikePortConflict(process.RecentOutput))
                    {
                        throw;
                    }
                }
            }
        }
        catch when (ownsDataDirectory)
        {
            DataDirectories.Delete(dataDirectory);
            throw;
        }
    }

    private static ManagedProcess Launch(string node, string repositoryRoot, string dataDirectory, int port, AzuriteServerOptions options)
    {
        List<string> command =
        [
            node, AzuriteInstallation.BlobEntryPoint(repositoryRoot),
            "--blobHost", "127.0.0.1",
            "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--location", dataDirectory,
            "--skipApiVersionCheck",
            "--loose",
            "--disableTelemetry",
        ];
        if (!options.AccessLog)
        {
            command.Add("--silent");
        }

        return ManagedProcess.Start(command, StopSignal.Terminate, options.Log, dataDirectory);
    }
}
