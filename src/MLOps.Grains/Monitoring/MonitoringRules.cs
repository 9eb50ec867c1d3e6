using System.Text.RegularExpressions;
using MLOps.Contracts;
using MLOps.Contracts.Monitoring;

namespace MLOps.Grains.Monitoring;

/// <summary>What monitoring settings and alert rules must satisfy, each refusal a sentence that says why.</summary>
public static partial class MonitoringRules
{
    public const int MaxWindowSeconds = 86_400;
    public const int MaxFeatureTests = 1_000;
    public const int MaxClassLabels = 10_000;

    public static void Validate(MonitoringSpec spec, int minimumWindowSeconds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.WindowSeconds < minimumWindowSeconds || spec.WindowSeconds > MaxWindowSeconds)
        {
            throw MLOpsException.Invalid($"monitoring.windowSeconds must be between {minimumWindowSeconds} and {MaxWindowSeconds} (one day); {spec.WindowSeconds} is not.");
        }

        if (!(spec.SampleRate is >= 0 and <= 1))
        {
            throw MLOpsException.Invalid($"monitoring.sampleRate is the share of predictions logged, between 0 and 1; {spec.SampleRate} is not.");
        }

        if (!MonitoringTasks.All.Contains(spec.Task))
        {
            throw MLOpsException.Invalid($"monitoring.task '{spec.Task}' is unknown; use {string.Join(", ", MonitoringTasks.All)}.");
        }

        if (!(spec.DriftShareThreshold is > 0 and <= 1))
        {
            throw MLOpsException.Invalid($"monitoring.driftShareThreshold must be above 0 and at most 1; {spec.DriftShareThreshold} is not.");
        }

        if (spec.RetentionDays is < 1 or > 3650)
        {
            throw MLOpsException.Invalid($"monitoring.retentionDays must be between 1 and 3650; {spec.RetentionDays} is not.");
        }

        if (spec.ClassLabels is { } labels && (labels.Count > MaxClassLabels || labels.Any(string.IsNullOrEmpty) || labels.Distinct().Count() != labels.Count))
        {
            throw MLOpsException.Invalid($"monitoring.classLabels must be at most {MaxClassLabels} distinct, non-empty names.");
        }

        var tests = spec.FeatureTests ?? [];
        if (tests.Count > MaxFeatureTests)
        {
            throw MLOpsException.Invalid($"monitoring.featureTests takes at most {MaxFeatureTests} entries.");
        }

        foreach (var test in tests)
        {
            if (string.IsNullOrWhiteSpace(test.Feature))
            {
                throw MLOpsException.Invalid("Every monitoring.featureTests entry needs the feature's name.");
            }

            if (test.Test is not null && !DriftTestNames.IsKnown(test.Test))
            {
                throw MLOpsException.Invalid($"Drift test '{test.Test}' for feature '{test.Feature}' is unknown; use {string.Join(", ", DriftTestNames.All)}.");
            }

            if (test.Threshold is { } threshold && !(double.IsFinite(threshold) && threshold >= 0))
            {
                throw MLOpsException.Invalid($"The drift threshold for feature '{test.Feature}' must be a finite number of at least 0.");
            }
        }
    }

    public static void Validate(AlertRuleSpec rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!RuleName().IsMatch(rule.Name ?? string.Empty))
        {
            throw MLOpsException.Invalid($"'{rule.Name}' is not a valid alert rule name: use 1 to 100 letters, digits, '.', '_' or '-'.");
        }

        if (!AlertMetrics.All.Contains(rule.Metric))
        {
            throw MLOpsException.Invalid($"Alert metric '{rule.Metric}' is unknown; use {string.Join(", ", AlertMetrics.All)}.");
        }

        if ((rule.Metric == AlertMetrics.FeatureDrift) != !string.IsNullOrWhiteSpace(rule.Feature))
        {
            throw MLOpsException.Invalid("A FEATURE_DRIFT rule needs the feature it watches, and other metrics take no feature.");
        }

        if (rule.Comparator is not ("ABOVE" or "BELOW"))
        {
            throw MLOpsException.Invalid($"Comparator '{rule.Comparator}' is unknown; use ABOVE or BELOW.");
        }

        if (!double.IsFinite(rule.Threshold))
        {
            throw MLOpsException.Invalid("An alert rule's threshold must be a finite number.");
        }

        if (rule.MinSamples is < 0 or > 1_000_000_000)
        {
            throw MLOpsException.Invalid("minSamples must be between 0 and 1000000000.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RuleName();
}
