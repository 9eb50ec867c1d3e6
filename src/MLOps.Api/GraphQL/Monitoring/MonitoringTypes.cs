using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Contracts.Monitoring;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.GraphQL.Monitoring;

public sealed class MonitoringSettingsType : ObjectGraphType<MonitoringSpec>
{
    public MonitoringSettingsType()
    {
        Name = "MonitoringSettings";
        Field(x => x.Enabled);
        Field(x => x.WindowSeconds);
        Field(x => x.SampleRate);
        Field(x => x.Task);
        Field(x => x.PredictionOutput, nullable: true);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("classLabels").Resolve(c => c.Source.ClassLabels);
        Field(x => x.DriftShareThreshold);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FeatureTestType>>>>("featureTests").Resolve(c => c.Source.FeatureTests ?? []);
        Field(x => x.RetentionDays);
    }
}

public sealed class FeatureTestType : ObjectGraphType<FeatureTestSpec>
{
    public FeatureTestType()
    {
        Name = "FeatureTest";
        Field(x => x.Feature);
        Field(x => x.Test, nullable: true);
        Field(x => x.Threshold, nullable: true);
    }
}

public sealed class MonitoringWindowType : ObjectGraphType<MonitoringWindow>
{
    public MonitoringWindowType()
    {
        Name = "MonitoringWindow";
        Description = "One tumbling window of one model version behind the deployment.";
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("start").Resolve(c => c.Source.Record.WindowStart);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("end").Resolve(c => c.Source.Record.WindowEnd);
        Field<NonNullGraphType<StringGraphType>>("modelName").Resolve(c => c.Source.Record.ModelName);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Record.Version);
        Field<NonNullGraphType<BooleanGraphType>>("closed").Resolve(c => c.Source.Record.ClosedAt is not null);
        Field<NonNullGraphType<LongGraphType>>("count").Description("Rows profiled.").Resolve(c => c.Source.Report?.Rows ?? c.Source.Record.RowCount);
        Field<NonNullGraphType<LongGraphType>>("requests").Resolve(c => c.Source.Report?.Requests ?? c.Source.Record.RequestCount);
        Field<FloatGraphType>("errorRate").Resolve(c => c.Source.Report?.ErrorRate);
        Field<FloatGraphType>("latencyP50").Description("Milliseconds.").Resolve(c => c.Source.Report?.LatencyP50);
        Field<FloatGraphType>("latencyP95").Description("Milliseconds.").Resolve(c => c.Source.Report?.LatencyP95);
        Field<FloatGraphType>("latencyP99").Description("Milliseconds.").Resolve(c => c.Source.Report?.LatencyP99);
        Field<BooleanGraphType>("hasReference").Description("Whether the version has a reference profile; without one there is no drift.")
            .Resolve(c => c.Source.Report?.HasReference);
        Field<FloatGraphType>("driftShare").Description("Share of input features that drifted.").Resolve(c => c.Source.Report?.DriftShare);
        Field<NonNullGraphType<BooleanGraphType>>("datasetDrift").Resolve(c => c.Source.Report?.DatasetDrift ?? false);
        Field<NonNullGraphType<BooleanGraphType>>("predictionDrift").Resolve(c => c.Source.Report?.PredictionDrift ?? false);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FeatureDriftType>>>>("features")
            .Description("Drift per feature: inputs, then predictions.").Resolve(c => c.Source.Report?.Features ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FeatureQualityType>>>>("quality").Resolve(c => c.Source.Report?.Quality ?? []);
        Field<PerformanceType>("performance")
            .Description("From the window's labelled predictions, as they stand now (labels may arrive after the window closed); null for task NONE.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<WindowPerformance>().ComputeAsync(
                c.Source.Record.Deployment, c.Source.Record.ModelName, c.Source.Record.Version, c.Source.Record.WindowStart, c.Source.Spec, c.CancellationToken));
    }
}

public sealed class FeatureDriftType : ObjectGraphType<FeatureDriftDocument>
{
    public FeatureDriftType()
    {
        Name = "FeatureDrift";
        Field(x => x.Name);
        Field(x => x.Role).Description("INPUT or PREDICTION.");
        Field(x => x.Test).Description("The test applied, e.g. KS or WASSERSTEIN.");
        Field(x => x.Statistic, nullable: true);
        Field(x => x.PValue, nullable: true).Description("For hypothesis tests.");
        Field(x => x.Threshold);
        Field(x => x.Drifted);
        Field(x => x.Count).Description("Values in the window.");
        Field(x => x.Evaluated).Description("False when the window had no values for the feature.");
        Field(x => x.ErrorBound, nullable: true).Description("The most the sketch-based statistic can differ from the exact one (0 when exact); see docs/monitoring-statistics.md.");
    }
}

public sealed class FeatureQualityType : ObjectGraphType<FeatureQualityDocument>
{
    public FeatureQualityType()
    {
        Name = "FeatureQuality";
        Field(x => x.Name);
        Field(x => x.Count);
        Field(x => x.MissingRate);
        Field("nanRate", x => x.NaNRate);
        Field(x => x.OutOfRangeShare).Description("Share of values outside the reference's [min, max].");
        Field(x => x.UnseenCategoryShare).Description("Share of values in categories the reference never had.");
        Field(x => x.LongestConstantStreak).Description("Longest run of one repeated value a replica saw.");
        Field(x => x.IsConstant).Description("Every value in the window was the same, while the reference varied.");
    }
}

public sealed class PerformanceType : ObjectGraphType<PerformanceDocument>
{
    public PerformanceType()
    {
        Name = "Performance";
        Field(x => x.Task);
        Field(x => x.LabelledRows);
        Field(x => x.Accuracy, nullable: true);
        Field(x => x.Precision, nullable: true);
        Field(x => x.Recall, nullable: true);
        Field(x => x.F1, nullable: true);
        Field(x => x.RocAuc, nullable: true);
        Field(x => x.LogLoss, nullable: true);
        Field(x => x.Mae, nullable: true);
        Field(x => x.Rmse, nullable: true);
        Field(x => x.R2, nullable: true);
    }
}

public sealed class AlertType : ObjectGraphType<AlertRecord>
{
    public AlertType()
    {
        Name = "Alert";
        Field(x => x.Id);
        Field(x => x.RuleId);
        Field(x => x.RuleName);
        Field(x => x.Metric);
        Field(x => x.Feature, nullable: true);
        Field(x => x.ModelName);
        Field(x => x.Version);
        Field(x => x.State).Description("FIRING or RESOLVED.");
        Field(x => x.Value).Description("The metric in the window that raised the alert.");
        Field(x => x.Threshold);
        Field(x => x.WindowStart);
        Field(x => x.WindowEnd);
        Field(x => x.LastWindow).Description("Start of the latest window in which the condition still held.");
        Field(x => x.Message);
        Field(x => x.RaisedAt);
        Field(x => x.ResolvedAt, nullable: true);
        Field(x => x.ResolvedValue, nullable: true);
    }
}

public sealed class AlertRuleType : ObjectGraphType<AlertRuleRecord>
{
    public AlertRuleType()
    {
        Name = "AlertRule";
        Field(x => x.Id);
        Field(x => x.Name);
        Field(x => x.Metric);
        Field(x => x.Feature, nullable: true);
        Field(x => x.Comparator);
        Field(x => x.Threshold);
        Field(x => x.MinSamples);
        Field(x => x.CreatedAt);
        Field(x => x.CreatedBy);
    }
}

public sealed class SeriesPointType : ObjectGraphType<SeriesPoint>
{
    public SeriesPointType()
    {
        Name = "SeriesPoint";
        Description = "One window's value of a metric.";
        Field(x => x.Start);
        Field(x => x.End);
        Field(x => x.ModelName);
        Field(x => x.Version);
        Field(x => x.Value, nullable: true);
    }
}

public sealed class FeedbackResultType : ObjectGraphType<FeedbackOutcome>
{
    public FeedbackResultType()
    {
        Name = "FeedbackResult";
        Field(x => x.Matched).Description("Labels joined to logged predictions.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("unknown")
            .Description("Prediction ids the log does not hold (not sampled, expired, or never made).").Resolve(c => c.Source.Unknown);
    }
}
