using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>One point of a metric's history.</summary>
/// <param name="Step">The training step (or epoch).</param>
/// <param name="Timestamp">When it was measured.</param>
/// <param name="Value">The value.</param>
public sealed record MetricHistoryPoint(long Step, DateTimeOffset Timestamp, double Value)
{
    internal static MetricHistoryPoint Read(JsonElement e) => new(e.Int64("step"), e.Time("timestamp"), e.Double("value"));
}
