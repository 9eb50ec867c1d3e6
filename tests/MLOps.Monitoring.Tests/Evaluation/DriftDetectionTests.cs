using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Tests.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Monitoring.Tests.Evaluation;

public class DriftDetectionTests
{
    private static readonly FeatureSpec[] Specs = [new("x", FeatureKind.Numeric), new("c", FeatureKind.Categorical)];

    [Theory]
    [InlineData(800, DriftTestKind.KolmogorovSmirnov)]
    [InlineData(20_000, DriftTestKind.NormedWasserstein)]
    public void AMeanShiftIsDetectedAndAnUnshiftedFeatureIsNot(int referenceRows, DriftTestKind expected)
    {
        var random = new Random(71);
        var profile = ProfileFixtures.Reference(Specs, [Samples.Normal(random, referenceRows), new[] { "a", "b" }]);

        var shifted = WindowEvaluator.Evaluate(profile, ProfileFixtures.Window(profile, [Samples.Normal(random, 5000, mean: 0.5), Array.Empty<string?>()])).Drift[0];
        var same = WindowEvaluator.Evaluate(profile, ProfileFixtures.Window(profile, [Samples.Normal(random, 5000), Array.Empty<string?>()])).Drift[0];

        Assert.Equal((expected, true), (shifted.Test, shifted.Drifted));
        Assert.Equal((expected, false), (same.Test, same.Drifted));
    }

    [Fact]
    public void ANewCategoryIsDetectedAndReportedAsUnseen()
    {
        var random = new Random(73);
        var profile = ProfileFixtures.Reference(Specs, [Samples.Normal(random, 900), ProfileFixtures.Categories(random, 900, ("web", 6), ("ios", 3), ("android", 1))]);
        var window = ProfileFixtures.Window(profile, [Samples.Normal(random, 2000), ProfileFixtures.Categories(random, 2000, ("web", 5), ("ios", 3), ("android", 1), ("tv", 1))]);

        var report = WindowEvaluator.Evaluate(profile, window);

        Assert.Equal((DriftTestKind.ChiSquared, true), (report.Drift[1].Test, report.Drift[1].Drifted));
        Assert.InRange(report.Quality[1].UnseenCategoryShare, 0.07, 0.13);
        Assert.False(report.Drift[0].Drifted);
    }

    [Fact]
    public void AStaleConstantValueIsDetected()
    {
        var random = new Random(79);
        var profile = ProfileFixtures.Reference(Specs, [Samples.Normal(random, 20_000), new[] { "a", "b" }]);
        var window = ProfileFixtures.Window(profile, [Enumerable.Repeat(0.0, 3000).ToArray(), Enumerable.Repeat<string?>("a", 3000).ToArray()]);

        var report = WindowEvaluator.Evaluate(profile, window);

        Assert.Equal(new FeatureQuality("x", 3000, 0, 0, 0, 0, 3000, IsConstant: true), report.Quality[0]);
        Assert.True(report.Quality[1].IsConstant);
        Assert.True(report.Drift[0].Drifted);
    }

    [Fact]
    public void AnUnshiftedFeatureIsFlaggedAtAboutTheNominalRate()
    {
        // A fresh reference per window: with one fixed reference the windows' verdicts are correlated through it, and
        // the rate conditional on that reference can be far from 5%.
        var random = new Random(83);
        var flagged = 0;
        for (var window = 0; window < 200; window++)
        {
            var profile = ProfileFixtures.Reference([Specs[0]], [Samples.Normal(random, 500)], seed: window);
            var drift = WindowEvaluator.Evaluate(profile, ProfileFixtures.Window(profile, [Samples.Normal(random, 500)], seed: window)).Drift[0];
            Assert.Equal(DriftTestKind.KolmogorovSmirnov, drift.Test);
            flagged += drift.Drifted ? 1 : 0;
        }

        // 5% of 200 is 10; the band 2–22 (1%–11%) is about ±4 binomial standard deviations.
        Assert.InRange(flagged, 2, 22);
    }

    [Fact]
    public void AFeatureWithoutWindowValuesIsNotEvaluatedAndNotCounted()
    {
        var random = new Random(89);
        var profile = ProfileFixtures.Reference(Specs, [Samples.Normal(random, 2000), ProfileFixtures.Categories(random, 2000, ("a", 1), ("b", 1))]);
        var window = ProfileFixtures.Window(profile, [new[] { double.NaN, double.NaN }, ProfileFixtures.Categories(random, 2000, ("a", 1))]);

        var report = WindowEvaluator.Evaluate(profile, window);

        Assert.Equal(new FeatureDrift("x", FeatureRole.Input, DriftTestKind.NormedWasserstein, 0, null, 0.1, false, 0, Evaluated: false), report.Drift[0]);
        Assert.Equal(1.0, report.Quality[0].NaNRate);
        Assert.Equal((1, 1, 1.0, true), (report.EvaluatedInputCount, report.DriftedInputCount, report.DriftShare, report.DatasetDrift));
    }

    [Fact]
    public void AWindowWithoutValuesIsNotDrifted()
    {
        var profile = ProfileFixtures.Reference(Specs, [Samples.Normal(new Random(97), 2000), new[] { "a", "b" }]);

        var report = WindowEvaluator.Evaluate(profile, new WindowProfile(Specs, profile));

        Assert.All(report.Drift, d => Assert.False(d.Evaluated || d.Drifted));
        Assert.Equal((0, 0.0, false, false), (report.EvaluatedInputCount, report.DriftShare, report.DatasetDrift, report.PredictionDrift));
        Assert.Equal((0L, 0L, 0.0, (double?)null), (report.Count, report.RequestCount, report.ErrorRate, report.LatencyP50));
    }
}
