namespace MLOps.AppHost.Resources;

/// <summary>Finding programs and running them as another user.</summary>
internal static class Executables
{
    /// <summary>The system user PostgreSQL runs as when we are root (initdb, pg_ctl and postgres refuse root).</summary>
    public const string PostgresUser = "postgres";

    private static readonly string[] SystemDirectories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

    private static readonly Lazy<bool> Root = new(() => Environment.UserName == "root" || EffectiveUserIdIsZero());

    /// <summary>Environment.UserName comes from the effective uid (geteuid); /proc covers a uid 0 without a passwd entry.</summary>
    public static bool IsRoot => Root.Value;

    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A system program (chown, setsid, setpriv): from PATH, else from the usual system folders.</summary>
    public static string? FindSystem(string name) =>
        FindOnPath(name) ?? SystemDirectories.Select(directory => Path.Combine(directory, name)).FirstOrDefault(IsExecutable);

    public static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>
    /// The command line that runs <paramref name="command"/> as the postgres user when we are root, unchanged otherwise.
    /// setpriv replaces itself with the command (no extra process, signals reach postgres directly), unlike runuser,
    /// which stays as a parent and answers SIGTERM with SIGKILL after two seconds.
    /// </summary>
    public static IReadOnlyList<string> AsPostgresUser(IReadOnlyList<string> command)
    {
        if (!IsRoot)
        {
            return command;
        }

        if (FindSystem("setpriv") is { } setpriv)
        {
            return [setpriv, $"--reuid={PostgresUser}", $"--regid={PostgresUser}", "--init-groups", "--", .. command];
        }

        var runuser = FindSystem("runuser")
            ?? throw new PrerequisiteException("Running PostgreSQL as root needs setpriv or runuser to switch to the postgres user; install util-linux (Debian: apt-get install util-linux).");
        return [runuser, "-u", PostgresUser, "--", .. command];
    }

    /// <summary>Whether the postgres system user exists (it comes with the PostgreSQL server packages).</summary>
    public static bool PostgresUserExists() =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith(PostgresUser + ":", StringComparison.Ordinal));

    /// <summary>The "Uid:" line of /proc/self/status lists the real, effective, saved and filesystem uids.</summary>
    private static bool EffectiveUserIdIsZero()
    {
        const string Status = "/proc/self/status";
        var uids = File.Exists(Status)
            ? File.ReadLines(Status).FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)
            : null;
        return uids is { Length: > 2 } && uids[2] == "0";
    }
}
