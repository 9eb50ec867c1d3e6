using System.Globalization;
using System.Text;

namespace MLOps.AppHost.Resources;

/// <summary>The data directory of a PostgreSQL cluster: creating it and writing the settings we own.</summary>
internal static class PostgresCluster
{
    /// <summary>Our settings, rewritten on every start and included at the end of postgresql.conf.</summary>
    private const string SettingsFile = "mlops.conf";

    private const string IncludeLine = $"include_if_exists = '{SettingsFile}'";

    /// <summary>A Unix socket path may hold 107 bytes; the socket file adds "/.s.PGSQL.NNNNN".</summary>
    private const int MaxSocketDirectoryLength = 107 - 16;

    public static bool Holds(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));

    public static int? ReadMajorVersion(string dataDirectory) =>
        Holds(dataDirectory) && int.TryParse(File.ReadAllText(Path.Combine(dataDirectory, "PG_VERSION")).Trim(), CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    /// <summary>The port the cluster was last configured with, if we configured it.</summary>
    public static int? ReadPort(string dataDirectory)
    {
        var settings = Path.Combine(dataDirectory, SettingsFile);
        return File.Exists(settings)
            ? File.ReadLines(settings)
                .Select(line => line.Split('=', 2, StringSplitOptions.TrimEntries))
                .Where(parts => parts.Length == 2 && parts[0] == "port" && int.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
                .Select(parts => (int?)int.Parse(parts[1], CultureInfo.InvariantCulture))
                .LastOrDefault()
            : null;
    }

    /// <summary>Creates the directory and checks it can hold a cluster; as root, checks the postgres user can reach it.</summary>
    public static void PrepareDirectory(string dataDirectory)
    {
        if (Executables.IsRoot && !OperatingSystem.IsWindows())
        {
            if (!Executables.PostgresUserExists())
            {
                throw new PrerequisiteException("Running PostgreSQL as root needs the 'postgres' system user, which the server packages create; install PostgreSQL 15 or newer (Debian: apt-get install postgresql).");
            }

            for (var ancestor = Path.GetDirectoryName(dataDirectory); ancestor is not null; ancestor = Path.GetDirectoryName(ancestor))
            {
                if (Directory.Exists(ancestor) && (File.GetUnixFileMode(ancestor) & UnixFileMode.OtherExecute) == 0)
                {
                    throw new ResourceStartException(
                        $"The postgres user cannot reach {dataDirectory} because {ancestor} is not searchable by other users; put the data directory elsewhere or run 'chmod o+x {ancestor}'.");
                }
            }
        }

        Directory.CreateDirectory(dataDirectory);
        if (!Holds(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new ResourceStartException(
                $"{dataDirectory} is neither empty nor a PostgreSQL data directory; point the data directory at an empty or missing folder.");
        }
    }

    /// <summary>Runs initdb in an empty directory.</summary>
    public static async Task InitializeAsync(
        PostgresBinaries binaries, string dataDirectory, string? password, bool durable, Action<string>? log, CancellationToken cancellationToken)
    {
        await ChangeOwnerAsync(dataDirectory, cancellationToken);
        List<string> command =
        [
            binaries.InitDb, "-D", dataDirectory, "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-instructions",
            password is null ? "--auth=trust" : "--auth=scram-sha-256",
        ];
        if (!durable)
        {
            command.Add("--no-sync");
        }

        var passwordFile = password is null ? null : Path.GetTempFileName();
        try
        {
            if (passwordFile is not null)
            {
                await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken);
                await ChangeOwnerAsync(passwordFile, cancellationToken);
                command.Add($"--pwfile={passwordFile}");
            }

            await CommandRunner.RunCheckedAsync(Executables.AsPostgresUser(command), cancellationToken, log: log);
        }
        catch
        {
            // A half-written cluster would fail every later start; the directory was empty before initdb.
            foreach (var entry in new DirectoryInfo(dataDirectory).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }

            throw;
        }
        finally
        {
            if (passwordFile is not null)
            {
                File.Delete(passwordFile);
            }
        }
    }

    /// <summary>Writes the listening address, port, durability and authentication this start asks for.</summary>
    public static async Task ConfigureAsync(string dataDirectory, int port, bool durable, bool passwordRequired, CancellationToken cancellationToken)
    {
        var onOff = durable ? "on" : "off";
        var socketDirectory = dataDirectory.Length <= MaxSocketDirectoryLength ? dataDirectory.Replace("'", "''", StringComparison.Ordinal) : string.Empty;
        var settings = new StringBuilder()
            .AppendLine("# Written by MLOps.AppHost on every start; change PostgresServerOptions instead of this file.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{socketDirectory}'")
            .AppendLine("# Several server replicas and test fixtures each keep an Npgsql pool.")
            .AppendLine("max_connections = 200")
            .AppendLine(CultureInfo.InvariantCulture, $"fsync = {onOff}")
            .AppendLine(CultureInfo.InvariantCulture, $"synchronous_commit = {onOff}")
            .AppendLine(CultureInfo.InvariantCulture, $"full_page_writes = {onOff}");
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, SettingsFile), settings.ToString(), cancellationToken);

        var method = passwordRequired ? "scram-sha-256" : "trust";
        var hba = new StringBuilder()
            .AppendLine("# Written by MLOps.AppHost on every start: connections from this machine only.")
            .AppendLine(CultureInfo.InvariantCulture, $"local all all {method}")
            .AppendLine(CultureInfo.InvariantCulture, $"host all all 127.0.0.1/32 {method}");
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "pg_hba.conf"), hba.ToString(), cancellationToken);

        var mainSettings = Path.Combine(dataDirectory, "postgresql.conf");
        if (!(await File.ReadAllLinesAsync(mainSettings, cancellationToken)).Contains(IncludeLine))
        {
            await File.AppendAllTextAsync(mainSettings, $"{Environment.NewLine}{IncludeLine}{Environment.NewLine}", cancellationToken);
        }

        await ChangeOwnerAsync(dataDirectory, cancellationToken);
    }

    /// <summary>pg_ctl stop -m fast: ends open sessions, writes a shutdown checkpoint. False when pg_ctl failed.</summary>
    public static async Task<bool> StopAsync(PostgresBinaries binaries, string dataDirectory)
    {
        var result = await CommandRunner.RunAsync(
            Executables.AsPostgresUser([binaries.PgCtl, "stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "30", "-s"]),
            CancellationToken.None);
        return result.ExitCode == 0;
    }

    private static async Task ChangeOwnerAsync(string path, CancellationToken cancellationToken)
    {
        if (Executables.IsRoot)
        {
            await CommandRunner.RunCheckedAsync([Executables.FindSystem("chown") ?? "chown", "-R", $"{Executables.PostgresUser}:", path], cancellationToken);
        }
    }
}
