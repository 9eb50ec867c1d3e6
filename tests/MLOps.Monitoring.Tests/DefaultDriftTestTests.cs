namespace MLOps.Monitoring.Tests;

public class DefaultDriftTestTests
{
    [Theory]
    [InlineData(FeatureKind.Numeric, 1000, 6, DriftTestKind.KolmogorovSmirnov)]
    [InlineData(FeatureKind.Numeric, 1000, 5, DriftTestKind.ChiSquared)]
    [InlineData(FeatureKind.Numeric, 1000, 2, DriftTestKind.ZTest)]
    [InlineData(FeatureKind.Categorical, 1000, 40, DriftTestKind.ChiSquared)]
    [InlineData(FeatureKind.Categorical, 500, 3, DriftTestKind.ChiSquared)]
    [InlineData(FeatureKind.Categorical, 500, 2, DriftTestKind.ZTest)]
    [InlineData(FeatureKind.Numeric, 1001, 6, DriftTestKind.NormedWasserstein)]
    [InlineData(FeatureKind.Numeric, 1001, 5, DriftTestKind.JensenShannon)]
    [InlineData(FeatureKind.Categorical, 5000, 2, DriftTestKind.JensenShannon)]
    public void ChoosesEvidentlysDefaultTest(FeatureKind kind, long referenceCount, int distinct, DriftTestKind expected) =>
        Assert.Equal(expected, DefaultDriftTest.Choose(kind, referenceCount, distinct));

    [Fact]
    public void SmallNumericReferenceUsesKolmogorovSmirnovAndDetectsAShift()
    {
        var random = new Random(43);

        var result = DefaultDriftTest.Evaluate(Samples.Normal(random, 1000), Samples.Normal(random, 1000, mean: 0.5));

        Assert.Equal(DriftTestKind.KolmogorovSmirnov, result.TestName);
        Assert.True(result.Drifted);
        Assert.Equal(0.05, result.Threshold);
        Assert.NotNull(result.PValue);
    }

    [Fact]
    public void LargeNumericReferenceUsesNormedWasserstein()
    {
        var random = new Random(47);

        var same = DefaultDriftTest.Evaluate(Samples.Normal(random, 5000), Samples.Normal(random, 5000));
        var shifted = DefaultDriftTest.Evaluate(Samples.Normal(random, 5000), Samples.Normal(random, 5000, mean: 0.5));

        Assert.Equal(DriftTestKind.NormedWasserstein, same.TestName);
        Assert.False(same.Drifted);
        Assert.True(shifted.Drifted);
        Assert.Null(shifted.PValue);
    }

    [Fact]
    public void BinaryCategoricalReferenceUsesTheZTest()
    {
        var result = DefaultDriftTest.Evaluate(
            new Dictionary<string, long> { ["yes"] = 65, ["no"] = 35 },
            new Dictionary<string, long> { ["yes"] = 50, ["no"] = 50 });

        Assert.Equal(DriftTestKind.ZTest, result.TestName);
        Assert.Equal(0.03190525523659656, result.PValue!.Value, 1e-12);
        Assert.True(result.Drifted);
    }

    [Fact]
    public void LargeCategoricalReferenceUsesJensenShannon()
    {
        var result = DefaultDriftTest.Evaluate(
            new Dictionary<string, long> { ["a"] = 4000, ["b"] = 4000 },
            new Dictionary<string, long> { ["a"] = 9000 });

        Assert.Equal(DriftTestKind.JensenShannon, result.TestName);
        Assert.Equal(0.5579230452841438, result.Statistic, 1e-12);
        Assert.True(result.Drifted);
    }

    [Fact]
    public void NumericFeatureWithFewValuesIsComparedAsCategories()
    {
        double[] reference = [.. Enumerable.Repeat(1.0, 100), .. Enumerable.Repeat(2.0, 100), .. Enumerable.Repeat(3.0, 100)];
        double[] current = [.. Enumerable.Repeat(1.0, 100), .. Enumerable.Repeat(2.0, 100), .. Enumerable.Repeat(3.0, 100)];

        var result = DefaultDriftTest.Evaluate(reference, current);

        Assert.Equal(DriftTestKind.ChiSquared, result.TestName);
        Assert.False(result.Drifted);
    }
}
