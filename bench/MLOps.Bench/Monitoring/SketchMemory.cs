using MLOps.Monitoring;
using MLOps.Monitoring.Windows;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// The state one numeric feature keeps in a window, after 10 thousand, 1 million and 10 million values: the serialized
/// size of a one-feature <see cref="WindowProfile"/> built with a 10-bin reference (header and empty latency sketch
/// included, so it over-states the feature a little) against <see cref="WindowProfile.MaxNumericFeatureBytes"/>,
/// and the items a <see cref="QuantileSketch"/> with the same k and seed retains for the same values against
/// <see cref="QuantileSketch.MaxRetained"/>.
/// </summary>
internal static class SketchMemory
{
    private const int Seed = 3;
    private const int Chunk = 65_536;

    public static IReadOnlyList<MonitoringTarget> Run()
    {
        var data = new SyntheticFeatures(41);
        var specs = SyntheticFeatures.Specs(1);
        var reference = data.Reference(specs, 5000);
        var chunk = new double[Chunk];
        var within = true;
        var largest = 0;
        foreach (var count in new[] { 10_000L, 1_000_000L, 10_000_000L })
        {
            var profile = new WindowProfile(specs, reference, seed: Seed);
            var twin = new QuantileSketch(QuantileSketch.DefaultK, Seed);
            for (long added = 0; added < count; added += Chunk)
            {
                var values = chunk.AsSpan(0, (int)Math.Min(Chunk, count - added));
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = data.Numeric(0, 0);
                }

                profile.AddRowMajor((ReadOnlySpan<double>)values, 1, 0);
                foreach (var value in values)
                {
                    twin.Add(value);
                }
            }

            var bytes = profile.Serialize().Length;
            var bound = QuantileSketch.MaxRetained(twin.K, count);
            within &= bytes <= WindowProfile.MaxNumericFeatureBytes && twin.RetainedCount <= bound;
            largest = Math.Max(largest, bytes);
            Console.WriteLine($"  numeric feature after {count,12:N0} values: {bytes,6:N0} bytes serialized (bound {WindowProfile.MaxNumericFeatureBytes:N0}), " +
                $"sketch retains {twin.RetainedCount:N0} items (bound {bound:N0})");
        }

        return [new("serialized bytes per numeric feature, 10k/1M/10M values", $"max {largest:N0} B", $"<= {WindowProfile.MaxNumericFeatureBytes:N0} B", within)];
    }
}
