using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A run: one execution of training code, with its params, tags, latest metrics, inputs and artifacts.</summary>
/// <param name="Id">The run's id (32 hex digits).</param>
/// <param name="ExperimentId">The experiment it belongs to.</param>
/// <param name="Name">The run's name.</param>
/// <param name="Status">RUNNING, SCHEDULED, FINISHED, FAILED or KILLED (see <see cref="RunStatuses"/>).</param>
/// <param name="StartTime">When it started.</param>
/// <param name="EndTime">When it ended, or null while it runs.</param>
/// <param name="Lifecycle">ACTIVE or DELETED.</param>
/// <param name="Params">Its params; a param never changes once logged.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Metrics">The latest point of every metric (highest step, then latest timestamp).</param>
/// <param name="Inputs">The datasets it used.</param>
/// <param name="Artifacts">The files stored under it (empty in search results, which do not list them).</param>
public sealed record Run(
    string Id,
    string ExperimentId,
    string Name,
    string Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string Lifecycle,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<MetricPoint> Metrics,
    IReadOnlyList<DatasetInput> Inputs,
    IReadOnlyList<RunArtifact> Artifacts)
{
    internal const string Fields =
        "id experimentId name status startTime endTime lifecycle params { key value } tags { key value } "
        + "metrics { " + MetricPoint.Fields + " } inputs { " + DatasetInput.Fields + " }";

    internal const string FieldsWithArtifacts = Fields + " artifacts { " + RunArtifact.Fields + " }";

    internal static Run Read(JsonElement e) => new(
        e.String("id"),
        e.String("experimentId"),
        e.String("name"),
        e.String("status"),
        e.Time("startTime"),
        e.OptionalTime("endTime"),
        e.String("lifecycle"),
        e.Pairs("params"),
        e.Pairs("tags"),
        e.List("metrics", MetricPoint.Read),
        e.List("inputs", DatasetInput.Read),
        e.List("artifacts", RunArtifact.Read));
}
