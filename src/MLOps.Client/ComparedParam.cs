using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>One param across compared runs.</summary>
/// <param name="Key">The param's name.</param>
/// <param name="Values">Its value in each run, in the order of the runs; null where a run lacks it.</param>
/// <param name="Differs">Whether the runs do not all have the same value (a missing param counts as different).</param>
public sealed record ComparedParam(string Key, IReadOnlyList<string?> Values, bool Differs)
{
    internal static ComparedParam Read(JsonElement e) =>
        new(e.String("key"), e.List("values", v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()), e.Boolean("differs"));
}
