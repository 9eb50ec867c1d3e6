using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Tests.Profiles;

namespace MLOps.Monitoring.Tests.Evaluation;

/// <summary>Tests on counts (categories, value frequencies, bins) must equal the computation on the raw samples.</summary>
public class ExactStatisticTests
{
    private static readonly FeatureSpec[] Categorical = [new("c", FeatureKind.Categorical)];
    private static readonly FeatureSpec[] Numeric = [new("x", FeatureKind.Numeric)];

    [Fact]
    public void ChiSquaredOnCategoriesIsExactIncludingNewCategories()
    {
        var random = new Random(41);
        var reference = ProfileFixtures.Categories(random, 600, ("a", 4), ("b", 3), ("c", 2), ("d", 1));
        var current = ProfileFixtures.Categories(random, 9000, ("a", 4), ("b", 3), ("c", 1), ("e", 0.3), (null, 0.2));

        var drift = Evaluate(Categorical, reference, current);

        var exact = DriftTests.ChiSquared(ExactStatistics.Frequencies(reference), ExactStatistics.Frequencies(current));
        AssertExact(DriftTestKind.ChiSquared, exact.Statistic, exact.PValue, drift);
    }

    [Fact]
    public void ZTestOnABinaryCategoryIsExact()
    {
        var random = new Random(43);
        var reference = ProfileFixtures.Categories(random, 900, ("yes", 3), ("no", 7));
        var current = ProfileFixtures.Categories(random, 4000, ("yes", 4), ("no", 6));

        var drift = Evaluate(Categorical, reference, current);

        var exact = DefaultDriftTest.Evaluate(ExactStatistics.Frequencies(reference), ExactStatistics.Frequencies(current));
        AssertExact(DriftTestKind.ZTest, exact.Statistic, exact.PValue, drift);
    }

    [Fact]
    public void JensenShannonOnCategoriesOfALargeReferenceIsExact()
    {
        var random = new Random(47);
        var reference = ProfileFixtures.Categories(random, 8000, ("a", 5), ("b", 3), ("c", 2));
        var current = ProfileFixtures.Categories(random, 8000, ("a", 3), ("b", 3), ("c", 2), ("z", 2));

        var drift = Evaluate(Categorical, reference, current);

        AssertExact(DriftTestKind.JensenShannon, DriftTests.JensenShannonDistance(ExactStatistics.Frequencies(reference), ExactStatistics.Frequencies(current)), null, drift);
    }

    [Theory]
    [InlineData(700, 5, DriftTestKind.ChiSquared)]
    [InlineData(700, 2, DriftTestKind.ZTest)]
    [InlineData(6000, 4, DriftTestKind.JensenShannon)]
    public void LowCardinalityNumericFeaturesAreComparedExactlyByValueFrequencies(int rows, int distinct, DriftTestKind expected)
    {
        var random = new Random(53);
        var reference = Enumerable.Range(0, rows).Select(_ => (double)random.Next(distinct)).ToArray();
        var current = Enumerable.Range(0, 5000).Select(_ => (double)Math.Min(distinct, random.Next(distinct + 1))).ToArray();

        var drift = Evaluate(Numeric, reference, current);

        var exact = DefaultDriftTest.Evaluate(reference, current);
        AssertExact(expected, exact.Statistic, exact.PValue, drift);
    }

    [Fact]
    public void FrequencyTestsFallBackToExactBinCountsWhenTheWindowHasTooManyDistinctValues()
    {
        var random = new Random(59);
        var reference = Enumerable.Range(0, 700).Select(_ => (double)random.Next(5)).ToArray();
        var current = Samples.Uniform(random, 3000).Select(x => x * 5).ToArray();

        var drift = Evaluate(Numeric, reference, current);

        var edges = ExactStatistics.Edges(reference);
        var exact = DriftTests.ChiSquared(ExactStatistics.BinCounts(reference, edges), ExactStatistics.BinCounts(current, edges));
        AssertExact(DriftTestKind.ChiSquared, exact.Statistic, exact.PValue, drift);
        Assert.True(drift.Drifted);
    }

    [Theory]
    [InlineData(DriftTestKind.PopulationStability)]
    [InlineData(DriftTestKind.KullbackLeibler)]
    public void PopulationStabilityAndKullbackLeiblerOnQuantileBinsAreExact(DriftTestKind test)
    {
        var random = new Random(61);
        var reference = Samples.Exponential(random, 30_000);
        var current = Samples.Exponential(random, 20_000).Select(x => (x * 1.3) - 0.1).ToArray();
        var options = new DriftOptions { Tests = new Dictionary<string, DriftTestKind> { ["x"] = test } };

        var drift = Evaluate(Numeric, reference, current, options);

        var edges = ExactStatistics.Edges(reference);
        var (r, c) = (ExactStatistics.BinCounts(reference, edges), ExactStatistics.BinCounts(current, edges));
        var exact = test == DriftTestKind.PopulationStability ? DriftTests.PopulationStabilityIndex(r, c) : DriftTests.KullbackLeiblerDivergence(r, c);
        AssertExact(test, exact, null, drift);
        Assert.Equal(0.1, drift.Threshold);
        Assert.Equal(exact > 0.1, drift.Drifted);
    }

    [Theory]
    [InlineData(DriftTestKind.PopulationStability)]
    [InlineData(DriftTestKind.KullbackLeibler)]
    public void PopulationStabilityAndKullbackLeiblerOnCategoriesAreExact(DriftTestKind test)
    {
        var random = new Random(67);
        var reference = ProfileFixtures.Categories(random, 5000, ("a", 5), ("b", 3), ("c", 2));
        var current = ProfileFixtures.Categories(random, 5000, ("a", 4), ("b", 4), ("d", 2));
        var options = new DriftOptions { Tests = new Dictionary<string, DriftTestKind> { ["c"] = test } };

        var drift = Evaluate(Categorical, reference, current, options);

        var (r, c) = ExactStatistics.Align(ExactStatistics.Frequencies(reference), ExactStatistics.Frequencies(current));
        var exact = test == DriftTestKind.PopulationStability ? DriftTests.PopulationStabilityIndex(r, c) : DriftTests.KullbackLeiblerDivergence(r, c);
        AssertExact(test, exact, null, drift);
        Assert.True(drift.Drifted);
    }

    private static FeatureDrift Evaluate(FeatureSpec[] specs, Array reference, Array current, DriftOptions? options = null)
    {
        var profile = ProfileFixtures.Reference(specs, [reference]);
        return WindowEvaluator.Evaluate(profile, ProfileFixtures.Window(profile, [current]), options).Drift[0];
    }

    private static void AssertExact(DriftTestKind test, double statistic, double? pValue, FeatureDrift drift)
    {
        Assert.Equal(test, drift.Test);
        Assert.Equal(0.0, drift.ErrorBound);
        Assert.Equal(statistic, drift.Statistic, Math.Max(1e-12, Math.Abs(statistic) * 1e-12));
        if (pValue is { } p)
        {
            Assert.Equal(p, drift.PValue!.Value, 1e-12);
            Assert.Equal(p < 0.05, drift.Drifted);
        }
    }
}
