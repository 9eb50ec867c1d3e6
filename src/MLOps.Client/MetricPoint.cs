using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>One value of a metric.</summary>
/// <param name="Key">The metric's name.</param>
/// <param name="Value">The value.</param>
/// <param name="Step">The training step (or epoch) it belongs to.</param>
/// <param name="Timestamp">When it was measured.</param>
public sealed record MetricPoint(string Key, double Value, long Step, DateTimeOffset Timestamp)
{
    internal const string Fields = "key value step timestamp";

    internal static MetricPoint Read(JsonElement e) => new(e.String("key"), e.Double("value"), e.Int64("step"), e.Time("timestamp"));
}
