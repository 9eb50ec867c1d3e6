using System.Collections.Concurrent;
using Npgsql;

namespace MLOps.AppHost.Resources;

/// <summary>
/// A PostgreSQL server started from this machine's server binaries, listening on 127.0.0.1 only.
/// Used by the AppHost (durable, password-protected, reused between runs) and by tests as a throwaway fixture.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const int PortAttempts = 3;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly PostgresServerOptions _options;
    private readonly PostgresBinaries _binaries;
    private readonly bool _ownsDataDirectory;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _handedOut = new();
    private ManagedProcess? _process;
    private bool _disposed;

    private PostgresServer(PostgresServerOptions options, PostgresBinaries binaries, string dataDirectory, bool ownsDataDirectory)
    {
        _options = options;
        _binaries = binaries;
        _ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The full path of the cluster's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the server process is running (false after <see cref="StopAsync"/>).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts (and first initializes, when needed) a server; returns once it accepts connections.</summary>
    public static Task<PostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartCoreAsync(options, ownsDataDirectory: false, cancellationToken);
    }

    /// <summary>
    /// A throwaway server for tests: a new cluster in a temporary directory, trust authentication, database
    /// "mlops"; not durable (fsync off) unless <paramref name="durable"/> is set, as benchmarks of durable writes
    /// need. Disposing it stops the server and deletes the directory.
    /// </summary>
    public static Task<PostgresServer> CreateTemporaryAsync(bool durable, CancellationToken cancellationToken = default)
        => CreateTemporaryCoreAsync(durable, cancellationToken);

    /// <summary>A throwaway server for tests (not durable); see <see cref="CreateTemporaryAsync(bool, CancellationToken)"/>.</summary>
    public static Task<PostgresServer> CreateTemporaryAsync(CancellationToken cancellationToken = default) =>
        CreateTemporaryCoreAsync(durable: false, cancellationToken);

    private static Task<PostgresServer> CreateTemporaryCoreAsync(bool durable, CancellationToken cancellationToken)
    {
        var options = new PostgresServerOptions
        {
            DataDirectory = Directory.CreateTempSubdirectory("mlops-pg-").FullName,
            Durable = durable,
            Databases = ["mlops"],
        };
        return StartCoreAsync(options, ownsDataDirectory: true, cancellationToken);
    }

    /// <summary>Throws <see cref="PrerequisiteException"/> when no usable server binaries are installed.</summary>
    public static Task CheckPrerequisitesAsync(string? dataDirectory, CancellationToken cancellationToken = default) =>
        PostgresBinaries.LocateAsync(dataDirectory is null ? null : PostgresCluster.ReadMajorVersion(Path.GetFullPath(dataDirectory)), cancellationToken);

    /// <summary>An Npgsql connection string for <paramref name="database"/>.</summary>
    public string GetConnectionString(string database)
    {
        var connectionString = ConnectionStringFor(database, pooling: true);
        _handedOut[connectionString] = true;
        return connectionString;
    }

    /// <summary>Creates <paramref name="database"/> unless it exists.</summary>
    public Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default) =>
        PostgresDatabases.EnsureAsync(ConnectionStringFor(Superuser, pooling: false), database, cancellationToken);

    /// <summary>Stops the server with pg_ctl stop -m fast (open sessions are ended, data is kept).</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_process is not { } process)
            {
                return;
            }

            // pg_ctl stop -m fast; should it fail, the same SIGINT straight to the postmaster, then SIGKILL.
            if (!process.HasExited && (!await PostgresCluster.StopAsync(_binaries, DataDirectory) || !await process.WaitForExitAsync(StopTimeout)))
            {
                await process.StopAsync(StopTimeout);
            }

            await process.DisposeAsync();
            _process = null;

            // Pooled connections of this process died with the server; without this, the next Open after
            // StartAgainAsync would hand one out.
            foreach (var connectionString in _handedOut.Keys)
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts the same cluster again on the same port after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (!IsRunning)
            {
                await LaunchAsync(choosePort: false, cancellationToken);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        _lifecycle.Dispose();
        if (_ownsDataDirectory)
        {
            DataDirectories.Delete(DataDirectory);
        }
    }

    /// <summary>Asks for a fast shutdown without waiting; the AppHost's last resort when it is exiting anyway.</summary>
    internal void SignalStop() => _process?.Signal(StopSignal.Interrupt);

    private static async Task<PostgresServer> StartCoreAsync(PostgresServerOptions options, bool ownsDataDirectory, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        PostgresServer? server = null;
        try
        {
            var binaries = await PostgresBinaries.LocateAsync(PostgresCluster.ReadMajorVersion(dataDirectory), cancellationToken);
            PostgresCluster.PrepareDirectory(dataDirectory);
            if (!PostgresCluster.Holds(dataDirectory))
            {
                await PostgresCluster.InitializeAsync(binaries, dataDirectory, options.Password, options.Durable, options.Log, cancellationToken);
            }

            server = new PostgresServer(options, binaries, dataDirectory, ownsDataDirectory);
            await server.LaunchAsync(choosePort: true, cancellationToken);
            foreach (var database in options.Databases)
            {
                await server.EnsureDatabaseAsync(database, cancellationToken);
            }

            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else if (ownsDataDirectory)
            {
                DataDirectories.Delete(dataDirectory);
            }

            throw;
        }
    }

    private async Task LaunchAsync(bool choosePort, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (choosePort)
            {
                // The port of the previous run first, so clients configured by hand keep working.
                Port = _options.Port != 0 ? _options.Port
                    : attempt == 1 ? LoopbackPort.PreferOrFree(PostgresCluster.ReadPort(DataDirectory) ?? 0)
                    : LoopbackPort.GetFree();
            }

            await PostgresCluster.ConfigureAsync(DataDirectory, Port, _options.Durable, _options.Password is not null, cancellationToken);
            var process = ManagedProcess.Start(
                Executables.AsPostgresUser([_binaries.Postgres, "-D", DataDirectory]), StopSignal.Interrupt, _options.Log, workingDirectory: "/");
            _process = process;
            try
            {
                await PostgresReadiness.WaitAsync(process, ConnectionStringFor(Superuser, pooling: false), DataDirectory, _options.StartTimeout, cancellationToken);
                return;
            }
            catch (ResourceStartException) when (choosePort && _options.Port == 0 && attempt < PortAttempts
                && process.HasExited && LoopbackPort.LooksLikePortConflict(process.RecentOutput))
            {
                await process.DisposeAsync();
            }
        }
    }

    private string ConnectionStringFor(string database, bool pooling)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Password = _options.Password,
            Database = database,
        };
        if (!pooling)
        {
            builder.Pooling = false;
        }

        return builder.ConnectionString;
    }
}
