namespace MLOps.Monitoring.Tests;

public class DriftStatisticsTests
{
    [Fact]
    public void ChiSquaredMatchesAHandComputation()
    {
        // Expected counts are 15, 20, 25 in both rows: χ² = 2·(25/15 + 0 + 25/25) = 16/3 with 2 dof, p = exp(−8/3).
        var result = DriftTests.ChiSquared(
            new Dictionary<string, long> { ["a"] = 10, ["b"] = 20, ["c"] = 30 },
            new Dictionary<string, long> { ["a"] = 20, ["b"] = 20, ["c"] = 20 });

        Assert.Equal(16.0 / 3, result.Statistic, 1e-12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-8.0 / 3), result.PValue, 1e-12);
    }

    [Fact]
    public void ChiSquaredIgnoresCategoriesAbsentFromBothSamples()
    {
        var result = DriftTests.ChiSquared(
            new Dictionary<string, long> { ["a"] = 5, ["b"] = 5, ["gone"] = 0 },
            new Dictionary<string, long> { ["a"] = 5, ["b"] = 5 });

        Assert.Equal(0, result.Statistic, 1e-15);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Equal(1, result.PValue, 1e-12);
    }

    [Fact]
    public void TwoProportionZTestMatchesAHandComputation()
    {
        // Pooled p = 0.575, se = √(0.575·0.425·0.02).
        var result = DriftTests.TwoProportionZTest(50, 100, 65, 100);

        Assert.Equal(-2.1455956195564547, result.Statistic, 1e-12);
        Assert.Equal(0.03190525523659656, result.PValue, 1e-12);
    }

    [Fact]
    public void NormedWassersteinOfAUnitShiftMatchesAHandComputation()
    {
        // W1 = 1 and the reference's population standard deviation is √1.25.
        var distance = DriftTests.NormedWasserstein([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0]);

        Assert.Equal(1 / Math.Sqrt(1.25), distance, 1e-12);
    }

    [Fact]
    public void NormedWassersteinMatchesTheSortedPairingForEqualSizes()
    {
        var random = new Random(37);
        var a = Samples.Exponential(random, 2000);
        var b = Samples.Normal(random, 2000, mean: 1);
        var sortedA = a.Order().ToArray();
        var sortedB = b.Order().ToArray();
        var mean = a.Average();
        var std = Math.Sqrt(a.Average(x => (x - mean) * (x - mean)));
        var expected = sortedA.Zip(sortedB, (x, y) => Math.Abs(x - y)).Average() / std;

        Assert.Equal(expected, DriftTests.NormedWasserstein(a, b), 1e-9);
    }

    [Fact]
    public void SketchNormedWassersteinIsWithinTheRankErrorTimesTheRange()
    {
        var random = new Random(41);
        var reference = Samples.Normal(random, 200_000);
        var current = Samples.Normal(random, 200_000, mean: 0.3, sd: 1.2);
        var exact = DriftTests.NormedWasserstein(reference, current);

        var approximate = DriftTests.NormedWasserstein(Samples.Sketch(reference, seed: 1), Samples.Sketch(current, seed: 2));

        // |∫(F̂ − F)| ≤ ε·range for each sketch; divided by the (exact) reference standard deviation.
        var range = Math.Max(reference.Max(), current.Max()) - Math.Min(reference.Min(), current.Min());
        var mean = reference.Average();
        var std = Math.Sqrt(reference.Average(x => (x - mean) * (x - mean)));
        var bound = 2 * QuantileSketch.NormalizedRankError(QuantileSketch.DefaultK) * range / std;
        Assert.True(Math.Abs(approximate - exact) <= bound, $"exact {exact}, sketch {approximate}");
    }

    [Fact]
    public void JensenShannonDistanceMatchesKnownValues()
    {
        Assert.Equal(0, DriftTests.JensenShannonDistance([3.0, 5.0], [6.0, 10.0]), 1e-12);
        Assert.Equal(1, DriftTests.JensenShannonDistance([1.0, 0.0], [0.0, 1.0]), 1e-12);
        Assert.Equal(0.5579230452841438, DriftTests.JensenShannonDistance([1.0, 1.0], [1.0, 0.0]), 1e-12);
        Assert.Equal(
            0.5579230452841438,
            DriftTests.JensenShannonDistance(new Dictionary<string, long> { ["a"] = 4, ["b"] = 4 }, new Dictionary<string, long> { ["a"] = 9 }),
            1e-12);
    }

    [Fact]
    public void PopulationStabilityIndexAndKullbackLeiblerMatchHandComputations()
    {
        double[] reference = [50, 50];
        double[] current = [25, 75];

        Assert.Equal((-0.25 * Math.Log(0.5)) + (0.25 * Math.Log(1.5)), DriftTests.PopulationStabilityIndex(reference, current), 1e-12);
        Assert.Equal((0.25 * Math.Log(0.5)) + (0.75 * Math.Log(1.5)), DriftTests.KullbackLeiblerDivergence(reference, current), 1e-12);
    }

    [Fact]
    public void EmptyBinsUseTheDocumentedEpsilon()
    {
        const double E = DriftTests.EmptyBinProportion;
        double[] reference = [100, 0];
        double[] current = [50, 50];

        Assert.Equal((-0.5 * Math.Log(0.5)) + ((0.5 - E) * Math.Log(0.5 / E)), DriftTests.PopulationStabilityIndex(reference, current), 1e-12);
        Assert.Equal((0.5 * Math.Log(0.5)) + (0.5 * Math.Log(0.5 / E)), DriftTests.KullbackLeiblerDivergence(reference, current), 1e-12);
    }
}
