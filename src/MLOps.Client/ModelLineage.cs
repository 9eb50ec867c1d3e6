using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>Where a model version came from.</summary>
/// <param name="SourceRunId">The training run that produced it, or null.</param>
/// <param name="DatasetDigests">Digests of the datasets the run used.</param>
/// <param name="Tags">Lineage details: the run's params (param.*), name, experiment and artifact path.</param>
public sealed record ModelLineage(string? SourceRunId, IReadOnlyList<string> DatasetDigests, IReadOnlyDictionary<string, string> Tags)
{
    internal const string Fields = "sourceRunId datasetDigests tags { key value }";

    internal static ModelLineage Read(JsonElement e) =>
        new(e.OptionalString("sourceRunId"), e.List("datasetDigests", d => d.GetString()!), e.Pairs("tags"));
}
