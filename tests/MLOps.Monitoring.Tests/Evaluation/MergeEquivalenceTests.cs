using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Tests.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Monitoring.Tests.Evaluation;

/// <summary>Partials from two replicas ("silos"), serialized and merged, against one profile over all the data.</summary>
public class MergeEquivalenceTests
{
    private const int Rows = 40_000;

    private static readonly FeatureSpec[] Specs =
    [
        new("large", FeatureKind.Numeric),
        new("small", FeatureKind.Numeric),
        new("children", FeatureKind.Numeric),
        new("country", FeatureKind.Categorical),
        new("plan", FeatureKind.Categorical),
        new("score", FeatureKind.Numeric, FeatureRole.Prediction),
    ];

    private static Array[] Columns(Random random, int rows, double shift) =>
    [
        Samples.Normal(random, rows, mean: shift),
        Samples.Exponential(random, Math.Min(rows, 800)),
        Enumerable.Range(0, rows).Select(_ => (double)random.Next(shift > 0 ? 5 : 4)).ToArray(),
        ProfileFixtures.Categories(random, rows, ("FR", 5), ("DE", 3), ("IT", 1), ("ES", 10 * shift), (null, 0.1)),
        ProfileFixtures.Categories(random, Math.Min(rows, 900), ("free", 3), ("pro", 1), ("team", 1)),
        Samples.Uniform(random, rows),
    ];

    [Fact]
    public void TwoSilosMergedGiveTheSameReportAsOneProfileOverAllValues()
    {
        var reference = ProfileFixtures.Reference(Specs, Columns(new Random(107), 20_000, 0));
        var data = Columns(new Random(109), Rows, 0.2);
        var single = ProfileFixtures.Window(reference, data, seed: 1);
        var siloA = ProfileFixtures.Window(reference, ProfileFixtures.Slice(data, 0, Rows * 2 / 5), seed: 2);
        var siloB = ProfileFixtures.Window(reference, ProfileFixtures.Slice(data, Rows * 2 / 5, Rows), seed: 3);
        var grain = new WindowProfile(Specs, reference, seed: 4);
        grain.Merge(WindowProfile.Deserialize(siloA.Serialize(), reference));
        grain.Merge(WindowProfile.Deserialize(siloB.Serialize(), reference));

        var expected = WindowEvaluator.Evaluate(reference, single);
        var actual = WindowEvaluator.Evaluate(reference, grain);

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Quality.Select(q => q with { LongestConstantStreak = 0 }), actual.Quality.Select(q => q with { LongestConstantStreak = 0 }));
        Assert.All(expected.Quality.Zip(actual.Quality), p => Assert.True(p.Second.LongestConstantStreak <= p.First.LongestConstantStreak));
        for (var i = 0; i < Specs.Length; i++)
        {
            var (one, merged) = (expected.Drift[i], actual.Drift[i]);
            Assert.Equal((one.Test, one.Count, one.Threshold), (merged.Test, merged.Count, merged.Threshold));
            if (one.ErrorBound == 0 && merged.ErrorBound == 0)
            {
                Assert.Equal(one with { Statistic = 0, PValue = 0 }, merged with { Statistic = 0, PValue = 0 });
                Assert.Equal(one.Statistic, merged.Statistic, Math.Abs(one.Statistic) * 1e-12);
            }
            else
            {
                // Both are within their bound of the exact statistic, hence within the sum of each other.
                Assert.True(Math.Abs(one.Statistic - merged.Statistic) <= one.ErrorBound + merged.ErrorBound, Specs[i].Name);
            }

            if (single.Numeric(i) is { } numeric)
            {
                Assert.Equal(numeric.Bins, grain.Numeric(i)!.Bins);
                Assert.Equal(numeric.ValueFrequencies(), grain.Numeric(i)!.ValueFrequencies());
            }
            else
            {
                Assert.Equal(single.Categorical(i)!.Counter.ToFrequencies(), grain.Categorical(i)!.Counter.ToFrequencies());
            }
        }

        Assert.Equal(
            [DriftTestKind.NormedWasserstein, DriftTestKind.KolmogorovSmirnov, DriftTestKind.JensenShannon, DriftTestKind.JensenShannon, DriftTestKind.ChiSquared, DriftTestKind.NormedWasserstein],
            expected.Drift.Select(d => d.Test));
        Assert.Equal([true, false, true, true, false, false], expected.Drift.Select(d => d.Drifted));
        Assert.Equal([true, false, true, true, false, false], actual.Drift.Select(d => d.Drifted));
    }

    [Fact]
    public void MergeOrderDoesNotChangeCountsBinsOrCategories()
    {
        var reference = ProfileFixtures.Reference(Specs, Columns(new Random(113), 5000, 0));
        var parts = Enumerable.Range(0, 3).Select(p => ProfileFixtures.Window(reference, Columns(new Random(200 + p), 3000, 0.1), seed: p)).ToArray();
        var forward = new WindowProfile(Specs, reference, seed: 10);
        var backward = new WindowProfile(Specs, reference, seed: 11);
        foreach (var part in parts)
        {
            forward.Merge(part);
        }

        foreach (var part in parts.Reverse())
        {
            backward.Merge(part);
        }

        Assert.Equal(WindowEvaluator.Evaluate(reference, forward).Quality, WindowEvaluator.Evaluate(reference, backward).Quality);
        Assert.Equal(forward.Numeric(0)!.Bins, backward.Numeric(0)!.Bins);
        Assert.Equal(forward.Categorical(3)!.Counter.ToFrequencies(), backward.Categorical(3)!.Counter.ToFrequencies());
        Assert.Equal(9000, forward.Count);
    }
}
