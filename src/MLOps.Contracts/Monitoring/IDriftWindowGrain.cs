namespace MLOps.Contracts.Monitoring;

/// <summary>
/// One tumbling drift window of one deployment and model version (keyed by <see cref="DriftWindowKey"/>). It
/// merges the partial profiles every replica flushes, checkpoints them, closes itself when the window ends
/// (a timer, with a reminder behind it), evaluates against the version's reference profile and hands the
/// result to the deployment's <see cref="IDeploymentMonitorGrain"/> for alert rules.
/// </summary>
[Alias("mlops.monitoring.IDriftWindowGrain")]
public interface IDriftWindowGrain : IGrainWithStringKey
{
    /// <summary>Merges one replica's partial profile; a repeated (replica, sequence) is ignored.</summary>
    [Alias("AddPartial")]
    Task AddPartialAsync(WindowPartial partial);

    /// <summary>Evaluates the window as it stands (on demand while open; the stored report once closed).</summary>
    [Alias("Evaluate")]
    Task<WindowEvaluation> EvaluateAsync();

    /// <summary>Closes the window now if its end has passed: evaluates, stores the report and raises alerts.</summary>
    [Alias("Close")]
    Task CloseAsync();
}

/// <summary>A replica's profile of what it served in a window since its last flush.</summary>
/// <param name="ReplicaId">The flushing replica (its silo address).</param>
/// <param name="Sequence">Increases with each flush of that replica, so a retried flush is applied once.</param>
/// <param name="WindowSeconds">The window's length, from the deployment's settings when the replica folded it.</param>
/// <param name="Profile">The serialized window profile.</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.WindowPartial")]
public sealed record WindowPartial(
    [property: Id(0)] string ReplicaId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] int WindowSeconds,
    [property: Id(3)] byte[] Profile);

/// <summary>A window's evaluation.</summary>
/// <param name="Closed">Whether the window has closed (the report is final).</param>
/// <param name="Count">Rows profiled.</param>
/// <param name="ReportJson">The evaluation report as JSON (features, quality, requests).</param>
[GenerateSerializer, Immutable, Alias("mlops.monitoring.WindowEvaluation")]
public sealed record WindowEvaluation(
    [property: Id(0)] bool Closed,
    [property: Id(1)] long Count,
    [property: Id(2)] string ReportJson);
