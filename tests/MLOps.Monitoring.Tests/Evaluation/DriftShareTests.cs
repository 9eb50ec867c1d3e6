using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Tests.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Monitoring.Tests.Evaluation;

public class DriftShareTests
{
    private static readonly FeatureSpec[] Specs =
    [
        new("a", FeatureKind.Numeric), new("b", FeatureKind.Numeric), new("c", FeatureKind.Numeric), new("d", FeatureKind.Numeric),
        new("score", FeatureKind.Numeric, FeatureRole.Prediction),
    ];

    private static (ReferenceProfile Profile, WindowProfile Window) TwoInputsAndThePredictionShifted()
    {
        var random = new Random(101);
        var profile = ProfileFixtures.Reference(Specs, [.. Specs.Select(_ => Samples.Normal(random, 5000))]);
        var shifts = new[] { 1.0, 1.0, 0, 0, 1.0 };
        return (profile, ProfileFixtures.Window(profile, [.. shifts.Select(s => Samples.Normal(random, 5000, mean: s))]));
    }

    [Fact]
    public void DriftShareCountsInputsOnlyAndPredictionDriftIsSeparate()
    {
        var (profile, window) = TwoInputsAndThePredictionShifted();

        var report = WindowEvaluator.Evaluate(profile, window);

        Assert.Equal((4, 2, 0.5, true, true), (report.EvaluatedInputCount, report.DriftedInputCount, report.DriftShare, report.DatasetDrift, report.PredictionDrift));
        Assert.Equal(FeatureRole.Prediction, report.Drift[4].Role);
        Assert.True(report.Drift[4].Drifted);
        Assert.False(WindowEvaluator.Evaluate(profile, window, new DriftOptions { DriftShareThreshold = 0.6 }).DatasetDrift);
    }

    [Fact]
    public void PerFeatureTestAndThresholdOverridesApply()
    {
        var (profile, window) = TwoInputsAndThePredictionShifted();
        var options = new DriftOptions
        {
            Tests = new Dictionary<string, DriftTestKind> { ["a"] = DriftTestKind.PopulationStability, ["c"] = DriftTestKind.KolmogorovSmirnov },
            Thresholds = new Dictionary<string, double> { ["b"] = 5.0, ["c"] = 1e-300 },
        };

        var report = WindowEvaluator.Evaluate(profile, window, options);

        Assert.Equal((DriftTestKind.PopulationStability, 0.1, true), (report.Drift[0].Test, report.Drift[0].Threshold, report.Drift[0].Drifted));
        Assert.Equal((5.0, false), (report.Drift[1].Threshold, report.Drift[1].Drifted));
        Assert.Equal((DriftTestKind.KolmogorovSmirnov, false), (report.Drift[2].Test, report.Drift[2].Drifted));
        Assert.Equal(0.25, report.DriftShare);
    }

    [Fact]
    public void TestsThatDoNotFitAFeatureLeaveItNotEvaluatedAndFailValidation()
    {
        var specs = new FeatureSpec[] { new("c", FeatureKind.Categorical) };
        var profile = ProfileFixtures.Reference(specs, [new[] { "a", "b" }]);
        var window = ProfileFixtures.Window(profile, [new[] { "a" }]);
        var options = new DriftOptions { Tests = new Dictionary<string, DriftTestKind> { ["c"] = DriftTestKind.KolmogorovSmirnov } };

        var drift = WindowEvaluator.Evaluate(profile, window, options).Drift[0];

        Assert.Equal((DriftTestKind.KolmogorovSmirnov, false, false), (drift.Test, drift.Evaluated, drift.Drifted));
        var error = Assert.Throws<ArgumentException>(() => options.Validate(specs));
        Assert.Contains("VALIDATION", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DriftOptions { Thresholds = new Dictionary<string, double> { ["typo"] = 0.2 } }.Validate(specs));
        Assert.Throws<ArgumentException>(() => new DriftOptions { DriftShareThreshold = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new DriftOptions { Thresholds = new Dictionary<string, double> { ["c"] = double.NaN } }.Validate());
        DriftOptions.Default.Validate(specs);
    }
}
