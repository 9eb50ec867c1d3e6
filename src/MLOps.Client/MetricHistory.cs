using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A metric's series, downsampled by the server (keeping each bucket's minimum and maximum) when it is long.</summary>
/// <param name="Key">The metric's name.</param>
/// <param name="TotalPoints">How many points the full series has.</param>
/// <param name="Downsampled">Whether <paramref name="Points"/> is a downsampled subset of the series.</param>
/// <param name="Points">The points, by step.</param>
public sealed record MetricHistory(string Key, long TotalPoints, bool Downsampled, IReadOnlyList<MetricHistoryPoint> Points)
{
    internal const string Fields = "key totalPoints downsampled points { step timestamp value }";

    internal static MetricHistory Read(JsonElement e) =>
        new(e.String("key"), e.Int64("totalPoints"), e.Boolean("downsampled"), e.List("points", MetricHistoryPoint.Read));
}
