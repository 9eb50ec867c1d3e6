using System.Globalization;
using MLOps.Contracts.Monitoring;
using MLOps.Storage.Monitoring;

namespace MLOps.Grains.Monitoring;

/// <summary>How a rule reads a closed window: the metric's value, whether there were enough samples, and the verdict.</summary>
public static class AlertEvaluation
{
    /// <summary>The rule's verdict on the window, or null when the window cannot judge it (no value, too few samples).</summary>
    public static (double Value, bool Breached)? Judge(AlertRuleRecord rule, ClosedWindow window)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(window);
        var samples = AlertMetrics.IsPerformance(rule.Metric) ? window.LabelledRows
            : rule.Metric is AlertMetrics.LatencyP95 or AlertMetrics.ErrorRate ? window.Requests
            : window.Rows;
        if (samples < rule.MinSamples || samples == 0)
        {
            return null;
        }

        double value;
        if (rule.Metric == AlertMetrics.FeatureDrift)
        {
            if (rule.Feature is null || !window.FeatureScores.TryGetValue(rule.Feature, out value))
            {
                return null;
            }
        }
        else if (!window.Metrics.TryGetValue(rule.Metric, out value))
        {
            return null;
        }

        if (!double.IsFinite(value))
        {
            return null;
        }

        return (value, rule.Comparator == "ABOVE" ? value > rule.Threshold : value < rule.Threshold);
    }

    public static string Describe(AlertRuleRecord rule, ClosedWindow window, double value)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(window);
        var what = rule.Feature is null ? rule.Metric : $"{rule.Metric} of feature '{rule.Feature}'";
        var side = rule.Comparator == "ABOVE" ? "above" : "below";
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} is {value:G4}, {side} the threshold {rule.Threshold:G4}, for {window.ModelName} v{window.Version} in the window from {window.WindowStart:u} to {window.WindowEnd:u}.");
    }
}
