using System.Diagnostics;
using System.Globalization;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// CPU time used by this program's child processes and their descendants (MLOps.Server, PostgreSQL with its
/// backends, Azurite) and by this program (the load generator), read from /proc on Linux. On a machine shared with
/// other work, throughput moves with everyone else's load, while CPU time per request mostly does not: it says what
/// each request costs, whoever else is running.
/// </summary>
internal static class ProcessTreeCpu
{
    // /proc reports times in USER_HZ, which the kernel fixes at 100 for user space.
    private const double TicksPerSecond = 100;

    /// <summary>Whether /proc can be read here.</summary>
    public static bool Available { get; } = File.Exists($"/proc/{Environment.ProcessId}/stat");

    /// <summary>The descendants' CPU time by group (a process's reaped children included) and this process's own.</summary>
    public static CpuTimes Read()
    {
        using var self = Process.GetCurrentProcess();
        var own = self.TotalProcessorTime;
        if (!Available)
        {
            return new CpuTimes(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, own);
        }

        var processes = new Dictionary<int, (int Parent, string Name, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                processes[pid] = stat;
            }
        }

        long server = 0, postgres = 0, other = 0;
        foreach (var (pid, (_, name, ticks)) in processes)
        {
            if (pid == Environment.ProcessId || !DescendsFromSelf(pid, processes))
            {
                continue;
            }

            switch (name)
            {
                case "dotnet":
                    server += ticks;
                    break;
                case "postgres":
                    postgres += ticks;
                    break;
                default:
                    other += ticks;
                    break;
            }
        }

        return new CpuTimes(Seconds(server), Seconds(postgres), Seconds(other), own);
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private static bool DescendsFromSelf(int pid, Dictionary<int, (int Parent, string Name, long Ticks)> processes)
    {
        for (var hops = 0; hops < 64 && processes.TryGetValue(pid, out var entry); hops++)
        {
            if (entry.Parent == Environment.ProcessId)
            {
                return true;
            }

            pid = entry.Parent;
        }

        return false;
    }

    /// <summary>The parent, name and utime + stime + cutime + cstime of a process, or null when it is gone.</summary>
    private static (int Parent, string Name, long Ticks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var close = text.LastIndexOf(')');
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var fields = text[(close + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), text[(open + 1)..close], Field(14) + Field(15) + Field(16) + Field(17));
    }
}
