namespace MLOps.AppHost.Resources;

/// <summary>The signal that asks a child process to shut down, with its Linux number.</summary>
internal enum StopSignal
{
    /// <summary>SIGINT: PostgreSQL's fast shutdown (what pg_ctl stop -m fast sends).</summary>
    Interrupt = 2,

    /// <summary>SIGTERM: graceful shutdown for .NET hosts and Node.js.</summary>
    Terminate = 15,
}
