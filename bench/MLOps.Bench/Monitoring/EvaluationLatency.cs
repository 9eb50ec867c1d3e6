using System.Diagnostics;
using MLOps.Monitoring;
using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// The time to evaluate one closed window: a reference of 5,000 rows and a window of 100,000 rows, every fifth
/// feature shifted, through <see cref="WindowEvaluator.Evaluate"/> with the default tests (normed Wasserstein for
/// numeric features, Jensen–Shannon for categorical ones at this reference size). The baseline is the same
/// distances computed exactly on the raw values (<see cref="DriftTests"/>), which is what the profiles replace.
/// </summary>
internal static class EvaluationLatency
{
    private const int ReferenceRows = 5_000;
    private const int WindowRows = 100_000;
    private const int Warmup = 20;
    private const int Runs = 200;
    private const int ExactRuns = 5;

    public static IReadOnlyList<MonitoringTarget> Run()
    {
        var targets = new List<MonitoringTarget>();
        foreach (var (numeric, categorical) in new[] { (100, 0), (80, 20) })
        {
            var label = categorical == 0 ? $"{numeric} numeric" : $"{numeric} numeric + {categorical} categorical";
            var specs = SyntheticFeatures.Specs(numeric, categorical);
            var referenceRaw = Sample(specs, ReferenceRows, seed: 31, shifted: false);
            var reference = Profile(specs, referenceRaw);
            var windowRaw = Sample(specs, WindowRows, seed: 32, shifted: true);
            var window = new WindowProfile(specs, reference, seed: 7);
            Fold(window, specs, windowRaw);

            WindowReport? report = null;
            var sketched = Time(Warmup, Runs, () => report = WindowEvaluator.Evaluate(reference, window, DriftOptions.Default));
            double[]? exact = null;
            var raw = Time(1, ExactRuns, () => exact = Exact(specs, referenceRaw, windowRaw));

            var drifted = report!.Drift.Count(d => d.Drifted);
            var exactDrifted = specs.Select((s, f) => exact![f] > DefaultDriftTest.DistanceThreshold).Count(d => d);
            var largest = report.Drift.Select((d, f) => Math.Abs(d.Statistic - exact![f])).Max();
            Console.WriteLine($"  evaluate {label} features, {ReferenceRows:N0}-row reference, {WindowRows:N0}-row window: p50 {sketched.P50:N3} ms, p99 {sketched.P99:N3} ms ({Runs} runs)");
            Console.WriteLine($"    baseline exact distances on the raw values: p50 {raw.P50:N1} ms ({ExactRuns} runs)");
            Console.WriteLine($"    drifted features: {drifted} from the profiles, {exactDrifted} exactly; largest |distance - exact| {largest:N4}");
            targets.Add(new($"evaluate {label}, p50", $"{sketched.P50:N3} ms", "< 5 ms", sketched.P50 < 5));
            targets.Add(new($"evaluate {label}, p99", $"{sketched.P99:N3} ms", "< 5 ms", sketched.P99 < 5));
            targets.Add(new("  exact on raw values p50 / evaluate p50", $"{raw.P50 / sketched.P50:N0}x", "(ratio)", null));
        }

        return targets;
    }

    /// <summary>Raw values per feature: numbers as double[], categories as string[].</summary>
    private static object[] Sample(FeatureSpec[] specs, int rows, int seed, bool shifted)
    {
        var data = new SyntheticFeatures(seed);
        var raw = specs.Select(s => s.Kind == FeatureKind.Numeric ? (object)new double[rows] : new string[rows]).ToArray();
        for (var row = 0; row < rows; row++)
        {
            for (var f = 0; f < specs.Length; f++)
            {
                var shift = shifted && f % 5 == 0 ? 1.0 : 0.0;
                if (raw[f] is double[] numbers)
                {
                    numbers[row] = data.Numeric(f, shift);
                }
                else
                {
                    ((string[])raw[f])[row] = data.Category(shift);
                }
            }
        }

        return raw;
    }

    private static ReferenceProfile Profile(FeatureSpec[] specs, object[] raw)
    {
        var builder = new ReferenceProfileBuilder(specs, seed: 11);
        for (var f = 0; f < specs.Length; f++)
        {
            if (raw[f] is double[] numbers)
            {
                foreach (var value in numbers)
                {
                    builder.AddNumeric(f, value);
                }
            }
            else
            {
                foreach (var category in (string[])raw[f])
                {
                    builder.AddCategorical(f, category);
                }
            }
        }

        return builder.Build();
    }

    private static void Fold(WindowProfile window, FeatureSpec[] specs, object[] raw)
    {
        for (var f = 0; f < specs.Length; f++)
        {
            if (raw[f] is double[] numbers)
            {
                foreach (var value in numbers)
                {
                    window.AddNumeric(f, value);
                }
            }
            else
            {
                foreach (var category in (string[])raw[f])
                {
                    window.AddCategorical(f, category);
                }
            }
        }
    }

    /// <summary>The default test's distance per feature, computed on the raw values.</summary>
    private static double[] Exact(FeatureSpec[] specs, object[] reference, object[] current)
    {
        var distances = new double[specs.Length];
        for (var f = 0; f < specs.Length; f++)
        {
            distances[f] = reference[f] is double[] numbers
                ? DriftTests.NormedWasserstein(numbers, (double[])current[f])
                : DriftTests.JensenShannonDistance(Count((string[])reference[f]), Count((string[])current[f]));
        }

        return distances;
    }

    private static Dictionary<string, long> Count(string[] categories)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            counts[category] = counts.GetValueOrDefault(category) + 1;
        }

        return counts;
    }

    /// <summary>
    /// Runs the warm-up (at least <paramref name="warmup"/> runs and one second, so that tiered compilation has
    /// finished: a server evaluates windows all day long), then times <paramref name="runs"/> runs.
    /// </summary>
    private static (double P50, double P99) Time(int warmup, int runs, Action run)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < warmup || warming.Elapsed < TimeSpan.FromSeconds(1); i++)
        {
            run();
        }

        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            run();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[(int)Math.Ceiling(0.5 * runs) - 1], samples[(int)Math.Ceiling(0.99 * runs) - 1]);
    }
}
