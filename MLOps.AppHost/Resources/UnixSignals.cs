using System.Runtime.InteropServices;

namespace MLOps.AppHost.Resources;

/// <summary>Sends a signal to a process: .NET can only SIGKILL (Process.Kill).</summary>
internal static class UnixSignals
{
    public static bool Send(int processId, StopSignal signal) => Kill(processId, (int)signal) == 0;

    // A plain DllImport: kill(2) takes and returns ints, so nothing needs marshalling or unsafe code.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int processId, int signal);
}
