using System.ComponentModel.DataAnnotations;

namespace MLOps.Storage.Monitoring;

/// <summary>Monitoring's process-wide settings (section <c>Monitoring</c>), validated at start-up.</summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Monitoring";

    /// <summary>Shortest window a deployment may ask for. One minute in production; tests lower it.</summary>
    [Range(1, 86_400)]
    public int MinimumWindowSeconds { get; set; } = 60;

    /// <summary>How often each replica flushes its partial profiles to the window grains.</summary>
    [Range(50, 2_000)]
    public int FlushIntervalMilliseconds { get; set; } = 2_000;

    /// <summary>How long after its end a window waits for the replicas' last flushes before it closes.</summary>
    [Range(0, 60_000)]
    public int CloseGraceMilliseconds { get; set; } = 3_000;

    /// <summary>How often an open window checkpoints its merged profile to PostgreSQL.</summary>
    [Range(1, 3_600)]
    public int CheckpointSeconds { get; set; } = 30;

    /// <summary>
    /// Most requests per second each replica logs per deployment and model version. Above it the sample rate is
    /// lowered so that about this many are logged, still uniformly at random: a prediction row costs about a
    /// hundred microseconds of CPU between the server and PostgreSQL, more than serving a small model.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PredictionLogRequestsPerSecond { get; set; } = 200;

    /// <summary>Predictions queued for the prediction log before new ones are dropped (and counted).</summary>
    [Range(1_000, 10_000_000)]
    public int PredictionQueueCapacity { get; set; } = 200_000;
}
