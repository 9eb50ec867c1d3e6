using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>One feature of a reference profile; the numeric figures are null for categorical features.</summary>
/// <param name="Name">The feature's name: a dataset column name, or input[i] / the output's name.</param>
/// <param name="Kind">NUMERIC or CATEGORICAL.</param>
/// <param name="Role">INPUT (counts toward the drift share) or PREDICTION (a model output, for prediction drift).</param>
/// <param name="Count">Values present.</param>
/// <param name="MissingRate">Missing values over all values.</param>
/// <param name="DistinctCount">Distinct values (categorical: capped at the category bound).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Mean">Mean.</param>
/// <param name="P5">5th percentile (exact for references of at most 1,000 rows, within the sketch's rank error otherwise).</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
public sealed record ReferenceFeature(
    string Name, string Kind, string Role, long Count, double MissingRate, int DistinctCount,
    double? Min, double? Max, double? Mean, double? P5, double? P50, double? P95)
{
    internal const string Fields = "name kind role count missingRate distinctCount min max mean p5 p50 p95";

    private static readonly string[] Kinds = ["NUMERIC", "CATEGORICAL"];
    private static readonly string[] Roles = ["INPUT", "PREDICTION"];

    internal static ReferenceFeature Read(JsonElement e) => new(
        e.String("name"), Label(e, "kind", Kinds), Label(e, "role", Roles), e.Int64("count"), e.Double("missingRate"), e.Int32("distinctCount"),
        e.OptionalDouble("min"), e.OptionalDouble("max"), e.OptionalDouble("mean"), e.OptionalDouble("p5"), e.OptionalDouble("p50"), e.OptionalDouble("p95"));

    // GraphQL names the kind and role; the REST answer of an upload writes them as the server's enum numbers.
    private static string Label(JsonElement e, string field, string[] names) => e.Optional(field) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) && i >= 0 && i < names.Length => names[i],
        { ValueKind: JsonValueKind.String } s => s.GetString()!.ToUpperInvariant(),
        _ => throw new JsonException($"The server's answer has no readable '{field}' for feature '{e.OptionalString("name")}'."),
    };
}
