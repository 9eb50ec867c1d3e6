using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Tests.Profiles;

namespace MLOps.Monitoring.Tests.Evaluation;

/// <summary>Statistics from sketches against the same statistics computed exactly on the raw samples.</summary>
public class SketchToleranceTests
{
    private static readonly FeatureSpec[] Specs = [new("x", FeatureKind.Numeric)];
    private static readonly double Epsilon = QuantileSketch.NormalizedRankError(QuantileSketch.DefaultK);

    [Theory]
    [InlineData(800, 50_000, "normal")]
    [InlineData(800, 50_000, "exponential")]
    [InlineData(20_000, 50_000, "normal")]
    [InlineData(20_000, 3_000, "exponential")]
    public void KolmogorovSmirnovIsWithinTheSumOfTheRankErrors(int referenceRows, int windowRows, string distribution)
    {
        var random = new Random(referenceRows + windowRows);
        var reference = Draw(distribution, random, referenceRows, 0);
        var current = Draw(distribution, random, windowRows, 0.04);
        var profile = ProfileFixtures.Reference(Specs, [reference]);
        var options = new DriftOptions { Tests = new Dictionary<string, DriftTestKind> { ["x"] = DriftTestKind.KolmogorovSmirnov } };

        var drift = WindowEvaluator.Evaluate(profile, ProfileFixtures.Window(profile, [current]), options).Drift[0];

        var exact = DriftTests.KolmogorovSmirnov(reference, current);
        var bound = (referenceRows <= 1000 ? 0 : Epsilon) + Epsilon;
        Assert.Equal(bound, drift.ErrorBound, 1e-15);
        Assert.True(Math.Abs(drift.Statistic - exact.Statistic) <= bound, $"D {drift.Statistic} vs exact {exact.Statistic}");
        Assert.InRange(drift.PValue!.Value,
            DriftTests.KolmogorovSmirnovPValue(exact.Statistic + bound, referenceRows, windowRows),
            DriftTests.KolmogorovSmirnovPValue(Math.Max(0, exact.Statistic - bound), referenceRows, windowRows));
    }

    [Fact]
    public void KolmogorovSmirnovIsExactForASmallReferenceAndAWindowThatNeverCompacted()
    {
        var random = new Random(21);
        var reference = Samples.Normal(random, 500);
        var current = Samples.Normal(random, 150, mean: 0.3);
        var profile = ProfileFixtures.Reference(Specs, [reference]);

        var drift = WindowEvaluator.Evaluate(profile, ProfileFixtures.Window(profile, [current])).Drift[0];

        var exact = DefaultDriftTest.Evaluate(reference, current);
        Assert.Equal((DriftTestKind.KolmogorovSmirnov, 0.0), (drift.Test, drift.ErrorBound));
        Assert.Equal(exact.Statistic, drift.Statistic, 1e-12);
        Assert.Equal(exact.PValue!.Value, drift.PValue!.Value, 1e-12);
        Assert.Equal(exact.Drifted, drift.Drifted);
    }

    [Theory]
    [InlineData("normal", 0.1)]
    [InlineData("normal", 0.0)]
    [InlineData("exponential", 0.2)]
    [InlineData("uniform", 0.05)]
    public void NormedWassersteinIsWithinTheRankErrorTimesTheRangeOverTheReferenceDeviation(string distribution, double shift)
    {
        var random = new Random(31);
        var reference = Draw(distribution, random, 20_000, 0);
        var current = Draw(distribution, random, 60_000, shift);
        var profile = ProfileFixtures.Reference(Specs, [reference]);

        var drift = WindowEvaluator.Evaluate(profile, ProfileFixtures.Window(profile, [current])).Drift[0];

        var exact = DriftTests.NormedWasserstein(reference, current);
        var range = Math.Max(reference.Max(), current.Max()) - Math.Min(reference.Min(), current.Min());
        var bound = 2 * Epsilon * range / profile.Features[0].StandardDeviation;
        Assert.Equal(DriftTestKind.NormedWasserstein, drift.Test);
        Assert.Equal(bound, drift.ErrorBound, 1e-9);
        Assert.True(Math.Abs(drift.Statistic - exact) <= bound, $"W {drift.Statistic} vs exact {exact}, bound {bound}");

        // The guarantee is worst-case; in practice errors largely cancel over the integral.
        Assert.True(Math.Abs(drift.Statistic - exact) <= bound / 4, $"W {drift.Statistic} vs exact {exact}");
    }

    private static double[] Draw(string distribution, Random random, int n, double shift) => distribution switch
    {
        "normal" => Samples.Normal(random, n, mean: shift),
        "exponential" => [.. Samples.Exponential(random, n).Select(x => x + shift)],
        _ => [.. Samples.Uniform(random, n).Select(x => x + shift)],
    };
}
