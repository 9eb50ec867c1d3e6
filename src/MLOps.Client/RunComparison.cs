using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>Runs side by side: one row per param and per metric, one value per run.</summary>
/// <param name="Runs">The runs; the values of every row are in this order.</param>
/// <param name="Params">Every param any of the runs has, by key.</param>
/// <param name="Metrics">Every metric any of the runs has, by key, with its latest value.</param>
public sealed record RunComparison(IReadOnlyList<Run> Runs, IReadOnlyList<ComparedParam> Params, IReadOnlyList<ComparedMetric> Metrics)
{
    internal const string Fields = "runs { " + Run.Fields + " } params { key values differs } metrics { key values differs }";

    internal static RunComparison Read(JsonElement e) =>
        new(e.List("runs", Run.Read), e.List("params", ComparedParam.Read), e.List("metrics", ComparedMetric.Read));
}
