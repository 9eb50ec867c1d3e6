using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>One metric's latest value across compared runs.</summary>
/// <param name="Key">The metric's name.</param>
/// <param name="Values">Its latest value in each run, in the order of the runs; null where a run lacks it.</param>
/// <param name="Differs">Whether the runs do not all have the same value.</param>
public sealed record ComparedMetric(string Key, IReadOnlyList<double?> Values, bool Differs)
{
    internal static ComparedMetric Read(JsonElement e) =>
        new(e.String("key"), e.List("values", v => v.ValueKind == JsonValueKind.Null ? (double?)null : JsonFields.ToDouble(v)), e.Boolean("differs"));
}
