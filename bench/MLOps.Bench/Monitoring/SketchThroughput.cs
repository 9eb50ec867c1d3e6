using System.Diagnostics;
using MLOps.Monitoring;
using MLOps.Monitoring.Windows;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// Values folded per second on one thread: 64-row blocks of 256 FP32 features, row-major as a request's tensor
/// arrives, into <see cref="WindowProfile.AddRowMajor(ReadOnlySpan{float}, int, int)"/> built with a reference (so
/// every value is also binned and range-checked), against two baselines over the same blocks in the same run:
/// appending every value to a List&lt;double&gt; per feature (exact storage, what the sketch replaces; the lists are
/// cleared every 65,536 rows so the baseline is not charged for growing into gigabytes) and a plain sum (reading
/// each value once, the ceiling). Then <see cref="QuantileSketch.Add"/> alone.
/// </summary>
internal static class SketchThroughput
{
    private const int Features = 256;
    private const int Rows = 64;
    private const int Blocks = 16;
    private const int ListRows = 65_536;

    private static double _sink;

    public static IReadOnlyList<MonitoringTarget> Run(TimeSpan warmup, TimeSpan duration)
    {
        var data = new SyntheticFeatures(21);
        var specs = SyntheticFeatures.Specs(Features);
        var reference = data.Reference(specs, 5000);
        var blocks = Enumerable.Range(0, Blocks).Select(_ => data.Block(Rows, Features)).ToArray();
        const double ValuesPerBlock = Rows * Features;

        var profile = new WindowProfile(specs, reference, seed: 5);
        var folded = Measure(warmup, duration, i => profile.AddRowMajor(blocks[i % Blocks], Features, 0)) * ValuesPerBlock;

        // What a single-row request folds: one row of 256 values per call.
        var single = Measure(warmup, duration, i =>
        {
            var block = blocks[i % Blocks];
            for (var row = 0; row < Rows; row++)
            {
                profile.AddRowMajor(block.AsSpan(row * Features, Features), Features, 0);
            }
        }) * ValuesPerBlock;

        var lists = Enumerable.Range(0, Features).Select(_ => new List<double>(ListRows)).ToArray();
        var listed = Measure(warmup, duration, i => AppendToLists(blocks[i % Blocks], lists)) * ValuesPerBlock;

        var summed = Measure(warmup, duration, i => _sink += Sum(blocks[i % Blocks])) * ValuesPerBlock;

        var values = Enumerable.Range(0, 1 << 20).Select(i => (double)blocks[i / (Rows * Features) % Blocks][i % (Rows * Features)]).ToArray();
        var sketch = new QuantileSketch(QuantileSketch.DefaultK, seed: 9);
        var added = Measure(warmup, duration, i =>
        {
            var offset = (i * 4096) & ((1 << 20) - 1);
            foreach (var value in values.AsSpan(offset, 4096))
            {
                sketch.Add(value);
            }
        }) * 4096;

        Console.WriteLine($"  WindowProfile.AddRowMajor, {Rows}x{Features} FP32 blocks, with reference: {folded:N0} values/s");
        Console.WriteLine($"    the same, one 1x{Features} row per call (a single-row request): {single:N0} values/s, {Features * 1e6 / single:N1} us per row");
        Console.WriteLine($"    baseline List<double> per feature (exact storage): {listed:N0} values/s");
        Console.WriteLine($"    baseline plain sum over the same blocks:          {summed:N0} values/s");
        Console.WriteLine($"  QuantileSketch.Add alone:                            {added:N0} values/s");
        return
        [
            new("sketch updates/s, one thread (AddRowMajor + reference)", $"{folded / 1e6:N1} M/s", ">= 10 M/s", folded >= 10e6),
            new("  the same, one row per call (single-row requests)", $"{single / 1e6:N1} M/s", "(diagnostic)", null),
            new("  / List<double> per feature (exact storage)", $"{folded / listed:N2}x", "(ratio)", null),
            new("  / plain sum over the same data (ceiling)", $"{folded / summed:N3}x", "(ratio)", null),
            new("QuantileSketch.Add alone, one thread", $"{added / 1e6:N1} M/s", "(no target)", null),
        ];
    }

    /// <summary>Calls <paramref name="step"/> repeatedly for the warm-up, then for the duration; steps per second.</summary>
    private static double Measure(TimeSpan warmup, TimeSpan duration, Action<int> step)
    {
        var next = 0;
        Loop(warmup);
        return Loop(duration);

        double Loop(TimeSpan span)
        {
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(span.TotalSeconds * Stopwatch.Frequency);
            var steps = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                for (var n = 0; n < 16; n++)
                {
                    step(next++);
                }

                steps += 16;
            }

            return steps / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }

    private static void AppendToLists(float[] block, List<double>[] lists)
    {
        if (lists[0].Count >= ListRows)
        {
            foreach (var list in lists)
            {
                list.Clear();
            }
        }

        for (var column = 0; column < Features; column++)
        {
            var list = lists[column];
            for (var i = column; i < block.Length; i += Features)
            {
                list.Add(block[i]);
            }
        }
    }

    private static double Sum(float[] block)
    {
        var sum = 0.0;
        foreach (var value in block)
        {
            sum += value;
        }

        return sum;
    }
}
