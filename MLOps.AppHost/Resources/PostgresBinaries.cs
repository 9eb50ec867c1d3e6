using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MLOps.AppHost.Resources;

/// <summary>The PostgreSQL server programs (initdb, pg_ctl, postgres) of one major version.</summary>
internal sealed partial record PostgresBinaries(string Directory, int MajorVersion)
{
    /// <summary>Points at a bin directory explicitly (and only there); also how tests simulate a missing install.</summary>
    public const string BinDirectoryVariable = "MLOPS_PG_BINDIR";

    public const int MinimumMajorVersion = 15;

    private static readonly ConcurrentDictionary<string, PostgresBinaries> Found = new();

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public string Postgres => Path.Combine(Directory, "postgres");

    /// <summary>
    /// Looks in MLOPS_PG_BINDIR when it is set, otherwise in `pg_config --bindir` and /usr/lib/postgresql/*/bin,
    /// highest version first. <paramref name="requiredMajorVersion"/> is the version of an existing data directory.
    /// </summary>
    public static async Task<PostgresBinaries> LocateAsync(int? requiredMajorVersion, CancellationToken cancellationToken)
    {
        var overridden = Environment.GetEnvironmentVariable(BinDirectoryVariable);
        var key = $"{overridden}|{requiredMajorVersion}";
        if (Found.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var candidates = string.IsNullOrEmpty(overridden) ? await CandidatesAsync(cancellationToken) : [overridden];
        foreach (var directory in candidates.Distinct())
        {
            var binaries = await InspectAsync(directory, cancellationToken);
            if (binaries is not null
                && binaries.MajorVersion >= MinimumMajorVersion
                && (requiredMajorVersion is null || binaries.MajorVersion == requiredMajorVersion))
            {
                return Found.GetOrAdd(key, binaries);
            }
        }

        var where = string.IsNullOrEmpty(overridden) ? string.Empty : $" in {BinDirectoryVariable}={overridden}";
        throw new PrerequisiteException(requiredMajorVersion is { } required && required >= MinimumMajorVersion
            ? $"PostgreSQL {required} server binaries (initdb, pg_ctl, postgres) were not found{where}, and the data directory was created by that version; install it (Debian: apt-get install postgresql-{required}) or delete the data directory."
            : $"PostgreSQL server binaries (initdb, pg_ctl, postgres) version {MinimumMajorVersion} or newer were not found{where}; install PostgreSQL {MinimumMajorVersion} or newer (Debian: apt-get install postgresql) or set {BinDirectoryVariable} to its bin directory.");
    }

    private static async Task<List<string>> CandidatesAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        if (Executables.FindOnPath("pg_config") is { } pgConfig)
        {
            var result = await CommandRunner.RunAsync([pgConfig, "--bindir"], cancellationToken);
            if (result.ExitCode == 0)
            {
                candidates.Add(result.Output.Trim());
            }
        }

        const string DebianRoot = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(DebianRoot))
        {
            candidates.AddRange(System.IO.Directory.GetDirectories(DebianRoot)
                .Select(version => (Version: int.TryParse(Path.GetFileName(version), CultureInfo.InvariantCulture, out var v) ? v : 0, Bin: Path.Combine(version, "bin")))
                .OrderByDescending(entry => entry.Version)
                .Select(entry => entry.Bin));
        }

        return candidates;
    }

    private static async Task<PostgresBinaries?> InspectAsync(string directory, CancellationToken cancellationToken)
    {
        string[] programs = ["initdb", "pg_ctl", "postgres"];
        if (!programs.All(program => Executables.IsExecutable(Path.Combine(directory, program))))
        {
            return null;
        }

        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        var result = await CommandRunner.RunAsync([Path.Combine(directory, "postgres"), "--version"], cancellationToken);
        var match = VersionPattern().Match(result.Output);
        return result.ExitCode == 0 && match.Success
            ? new PostgresBinaries(directory, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}
