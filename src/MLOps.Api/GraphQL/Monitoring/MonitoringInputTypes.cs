using System.Globalization;
using GraphQL.Types;
using MLOps.Contracts.Monitoring;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.GraphQL.Monitoring;

public sealed class MonitoringInputType : InputObjectGraphType<MonitoringSpec>
{
    public MonitoringInputType()
    {
        Name = "MonitoringInput";
        Description = "How the deployment is monitored; fields left out keep their defaults.";
        Field<BooleanGraphType>("enabled").Description("Default true.");
        Field<IntGraphType>("windowSeconds").Description("Tumbling window length, 60 to 86400 seconds; default 3600.");
        Field<FloatGraphType>("sampleRate").Description("Share of predictions kept in the prediction log, 0 to 1; default 1.");
        Field<StringGraphType>("task").Description("NONE (default), CLASSIFICATION or REGRESSION.");
        Field<StringGraphType>("predictionOutput").Description("The output holding the prediction; default the first tabular output.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("classLabels").Description("Class names by output index.");
        Field<FloatGraphType>("driftShareThreshold").Description("Share of drifted input features that means dataset drift; default 0.5.");
        Field<ListGraphType<NonNullGraphType<FeatureTestInputType>>>("featureTests").Description("Per-feature test or threshold overrides.");
        Field<IntGraphType>("retentionDays").Description("Days the prediction log keeps predictions; default 30.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var d = new MonitoringSpec();
        return new MonitoringSpec(
            value.TryGetValue("enabled", out var e) && e is bool enabled ? enabled : d.Enabled,
            value.TryGetValue("windowSeconds", out var w) && w is int window ? window : d.WindowSeconds,
            value.TryGetValue("sampleRate", out var s) && s is not null ? Convert.ToDouble(s, CultureInfo.InvariantCulture) : d.SampleRate,
            value.TryGetValue("task", out var t) && t is string task ? task.ToUpperInvariant() : d.Task,
            value.TryGetValue("predictionOutput", out var o) ? o as string : d.PredictionOutput,
            value.TryGetValue("classLabels", out var l) && l is IEnumerable<object?> labels ? [.. labels.Select(x => (string)x!)] : d.ClassLabels,
            value.TryGetValue("driftShareThreshold", out var th) && th is not null ? Convert.ToDouble(th, CultureInfo.InvariantCulture) : d.DriftShareThreshold,
            value.TryGetValue("featureTests", out var f) && f is IEnumerable<object?> tests ? [.. tests.Cast<FeatureTestSpec>()] : d.FeatureTests,
            value.TryGetValue("retentionDays", out var r) && r is int days ? days : d.RetentionDays);
    }
}

public sealed class FeatureTestInputType : InputObjectGraphType<FeatureTestSpec>
{
    public FeatureTestInputType()
    {
        Name = "FeatureTestInput";
        Field<NonNullGraphType<StringGraphType>>("feature");
        Field<StringGraphType>("test").Description("KS, CHI_SQUARED, Z_TEST, WASSERSTEIN, JENSEN_SHANNON, PSI or KL; default: chosen as Evidently does.");
        Field<FloatGraphType>("threshold").Description("p-value (hypothesis tests) or distance; default the test's own.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new FeatureTestSpec(
            (string)value["feature"]!,
            value.TryGetValue("test", out var t) && t is string test ? test.ToUpperInvariant() : null,
            value.TryGetValue("threshold", out var th) && th is not null ? Convert.ToDouble(th, CultureInfo.InvariantCulture) : null);
    }
}

public sealed class AlertRuleInputType : InputObjectGraphType<AlertRuleSpec>
{
    public AlertRuleInputType()
    {
        Name = "AlertRuleInput";
        Field<NonNullGraphType<StringGraphType>>("name").Description("Unique within the deployment; setting an existing name replaces the rule.");
        Field<NonNullGraphType<StringGraphType>>("metric").Description(string.Join(", ", AlertMetrics.All) + ".");
        Field<StringGraphType>("feature").Description("The feature, for FEATURE_DRIFT.");
        Field<StringGraphType>("comparator").Description("ABOVE (default) or BELOW.");
        Field<NonNullGraphType<FloatGraphType>>("threshold");
        Field<LongGraphType>("minSamples").Description("Fewest rows (labelled rows for performance, requests for latency and errors) to judge; default 1.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new AlertRuleSpec(
            (string)value["name"]!,
            ((string)value["metric"]!).ToUpperInvariant(),
            value.TryGetValue("feature", out var f) ? f as string : null,
            value.TryGetValue("comparator", out var c) && c is string comparator ? comparator.ToUpperInvariant() : "ABOVE",
            Convert.ToDouble(value["threshold"], CultureInfo.InvariantCulture),
            value.TryGetValue("minSamples", out var m) && m is not null ? Convert.ToInt64(m, CultureInfo.InvariantCulture) : 1);
    }
}

public sealed class FeedbackInputType : InputObjectGraphType<LabelFeedback>
{
    public FeedbackInputType()
    {
        Name = "FeedbackInput";
        Description = "Ground truth for one earlier prediction.";
        Field<NonNullGraphType<StringGraphType>>("predictionId").Description("The inference response's id.");
        Field<IntGraphType>("row").Description("The row within a batched request; default 0.");
        Field<StringGraphType>("label").Description("The true class, for classification.");
        Field<FloatGraphType>("value").Description("The true value, for regression.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new LabelFeedback(
            (string)value["predictionId"]!,
            value.TryGetValue("row", out var r) && r is int row ? row : 0,
            value.TryGetValue("label", out var l) ? l as string : null,
            value.TryGetValue("value", out var v) && v is not null ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null);
    }
}
