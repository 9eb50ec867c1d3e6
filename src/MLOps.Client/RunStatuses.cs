namespace MLOps.Client;

/// <summary>The statuses a run can have.</summary>
public static class RunStatuses
{
    /// <summary>The run is in progress (the status of a started run).</summary>
    public const string Running = "RUNNING";

    /// <summary>The run is planned and not started.</summary>
    public const string Scheduled = "SCHEDULED";

    /// <summary>The run ended successfully.</summary>
    public const string Finished = "FINISHED";

    /// <summary>The run ended with an error.</summary>
    public const string Failed = "FAILED";

    /// <summary>The run was stopped before it ended.</summary>
    public const string Killed = "KILLED";
}
