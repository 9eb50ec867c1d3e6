using MLOps.Contracts.Monitoring;
using MLOps.Monitoring;
using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Windows;
using MLOps.Storage.Deployments;
using MLOps.Storage.Monitoring;

namespace MLOps.Grains.Monitoring;

/// <summary>
/// Evaluates a window: drift and quality against the version's reference profile (with the deployment's test
/// choices), requests and latency from the profile, performance from the prediction log, and the figures the
/// alert rules read.
/// </summary>
public sealed class WindowJudge(DeploymentStore deployments, ReferenceProfiles references, WindowPerformance performance)
{
    public async Task<WindowVerdict> JudgeAsync(DriftWindowKey key, DateTimeOffset end, WindowProfile? profile)
    {
        var spec = (await deployments.GetAsync(key.Deployment, default))?.Spec.Monitoring ?? new MonitoringSpec();
        var reference = await references.GetAsync(key.ModelName, key.Version, default);
        var perf = await performance.ComputeAsync(key.Deployment, key.ModelName, key.Version, key.WindowStart, spec, default);
        WindowReportDocument report;
        if (profile is null)
        {
            report = new WindowReportDocument(0, 0, 0, null, null, null, reference is not null, null, false, false, 0, 0, [], [], perf);
        }
        else if (reference is { } found && SameFeatures(found.Profile.Specs, profile.Features))
        {
            var evaluated = WindowEvaluator.Evaluate(found.Profile, profile, Options(spec));
            report = ToDocument(evaluated, perf);
        }
        else
        {
            // No reference (or one for another layout): requests and latency only.
            report = new WindowReportDocument(profile.Count, profile.RequestCount, profile.FailedRequestCount,
                profile.LatencyQuantile(0.5), profile.LatencyQuantile(0.95), profile.LatencyQuantile(0.99),
                false, null, false, false, 0, 0, [], [], perf);
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        Put(metrics, AlertMetrics.DriftShare, report.DriftShare);
        Put(metrics, AlertMetrics.LatencyP95, report.LatencyP95);
        Put(metrics, AlertMetrics.ErrorRate, report.ErrorRate);
        foreach (var metric in AlertMetrics.All.Where(AlertMetrics.IsPerformance))
        {
            Put(metrics, metric, WindowPerformance.Pick(perf, metric));
        }

        var scores = report.Features.Where(f => f.Evaluated && f.Score is not null).ToDictionary(f => f.Name, f => f.Score!.Value, StringComparer.Ordinal);
        return new WindowVerdict(report.Rows, report.Requests, report.DriftShare, report.DatasetDrift, MonitoringJson.Serialize(report), metrics, scores,
            perf?.LabelledRows ?? 0);
    }

    /// <summary>The deployment's per-feature test and threshold choices as evaluator options.</summary>
    public static DriftOptions Options(MonitoringSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tests = new Dictionary<string, DriftTestKind>(StringComparer.Ordinal);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var choice in spec.FeatureTests ?? [])
        {
            if (choice.Test is { } test)
            {
                tests[choice.Feature] = DriftTestNames.KindOf(test);
            }

            if (choice.Threshold is { } threshold)
            {
                thresholds[choice.Feature] = threshold;
            }
        }

        return new DriftOptions { DriftShareThreshold = spec.DriftShareThreshold, Tests = tests, Thresholds = thresholds };
    }

    private static WindowReportDocument ToDocument(WindowReport r, PerformanceDocument? perf) => new(
        r.Count, r.RequestCount, r.FailedRequestCount, r.LatencyP50, r.LatencyP95, r.LatencyP99, true,
        r.DriftShare, r.DatasetDrift, r.PredictionDrift, r.DriftedInputCount, r.EvaluatedInputCount,
        [.. r.Drift.Select(f => new FeatureDriftDocument(f.Name, f.Role == MLOps.Monitoring.Profiles.FeatureRole.Input ? "INPUT" : "PREDICTION", DriftTestNames.NameOf(f.Test),
            Finite(f.Statistic), f.PValue is { } p ? Finite(p) : null, f.Threshold, f.Drifted, f.Count, f.Evaluated, Finite(f.ErrorBound)))],
        [.. r.Quality.Select(q => new FeatureQualityDocument(q.Name, q.Count, Zero(q.MissingRate), Zero(q.NaNRate), Zero(q.OutOfRangeShare),
            Zero(q.UnseenCategoryShare), q.LongestConstantStreak, q.IsConstant))],
        perf);

    private static bool SameFeatures(IReadOnlyList<MLOps.Monitoring.Profiles.FeatureSpec> reference, IReadOnlyList<MLOps.Monitoring.Profiles.FeatureSpec> window) =>
        reference.Count == window.Count && reference.SequenceEqual(window);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static double Zero(double value) => double.IsFinite(value) ? value : 0;

    private static void Put(Dictionary<string, double> metrics, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            metrics[name] = v;
        }
    }
}
