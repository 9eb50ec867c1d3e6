using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Contracts;
using MLOps.Contracts.Monitoring;
using MLOps.Storage.Deployments;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.GraphQL.Monitoring;

public sealed class DeploymentMonitoringType : ObjectGraphType<DeploymentRecord>
{
    public const int MaxWindows = 1_000;

    public DeploymentMonitoringType()
    {
        Name = "DeploymentMonitoring";
        Description = "Drift windows, data quality, performance and alerts of one deployment.";
        Field<NonNullGraphType<MonitoringSettingsType>>("settings").Resolve(c => SpecOf(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonitoringWindowType>>>>("windows")
            .Description("Windows starting in [from, to), oldest first; open windows show their last checkpoint (use liveWindows for now).")
            .Argument<DateTimeOffsetGraphType>("from", "Default: 24 hours before to.")
            .Argument<DateTimeOffsetGraphType>("to", "Default: now.")
            .Argument<StringGraphType>("modelName")
            .Argument<IntGraphType>("version")
            .Argument<IntGraphType>("first", $"At most this many windows; default and maximum {MaxWindows}.")
            .ResolveAsync(async c =>
            {
                var records = await ListAsync(c);
                return records.Select(r => new MonitoringWindow(r, MonitoringJson.Parse(r.ReportJson), SpecOf(c.Source))).ToList();
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonitoringWindowType>>>>("liveWindows")
            .Description("The open window of each monitored version, evaluated now against its reference.")
            .ResolveAsync(async c => await LiveAsync(c));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SeriesPointType>>>>("series")
            .Description("One value per closed window of a metric (an alert metric, or ROWS), for dashboards.")
            .Argument<NonNullGraphType<StringGraphType>>("metric")
            .Argument<StringGraphType>("feature", "For FEATURE_DRIFT.")
            .Argument<DateTimeOffsetGraphType>("from")
            .Argument<DateTimeOffsetGraphType>("to")
            .Argument<StringGraphType>("modelName")
            .Argument<IntGraphType>("version")
            .Argument<IntGraphType>("first")
            .ResolveAsync(async c => await SeriesAsync(c));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AlertType>>>>("alerts")
            .Description("Alerts, newest first.")
            .Argument<StringGraphType>("state", "FIRING or RESOLVED; default both.")
            .Argument<IntGraphType>("first", "Default 100, at most 1000.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<AlertStore>().ListAlertsAsync(
                c.Source.Name, c.GetArgument<string?>("state")?.ToUpperInvariant(), Math.Clamp(c.GetArgument("first", 100), 1, 1000), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AlertRuleType>>>>("alertRules")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<AlertStore>().ListRulesAsync(c.Source.Name, c.CancellationToken));
    }

    public static MonitoringSpec SpecOf(DeploymentRecord deployment) => deployment.Spec.Monitoring ?? new MonitoringSpec();

    private static async Task<IReadOnlyList<WindowRecord>> ListAsync(IResolveFieldContext<DeploymentRecord> c)
    {
        var to = c.GetArgument<DateTimeOffset?>("to") ?? c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
        var from = c.GetArgument<DateTimeOffset?>("from") ?? to.AddDays(-1);
        var first = c.GetArgument("first", MaxWindows);
        if (first is < 1 or > MaxWindows)
        {
            throw MLOpsException.Invalid($"first must be between 1 and {MaxWindows}.");
        }

        return await c.RequestServices!.GetRequiredService<WindowStore>().ListAsync(
            c.Source.Name, from, to, c.GetArgument<string?>("modelName"), c.GetArgument<int?>("version"), first, c.CancellationToken);
    }

    private static async Task<List<MonitoringWindow>> LiveAsync(IResolveFieldContext<DeploymentRecord> c)
    {
        var spec = SpecOf(c.Source);
        var now = c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
        var start = DriftWindowKey.StartOf(now, spec.WindowSeconds);
        var grains = c.RequestServices!.GetRequiredService<IGrainFactory>();
        var open = await c.RequestServices!.GetRequiredService<WindowStore>().ListAsync(c.Source.Name, start, start.AddSeconds(1), null, null, MaxWindows, c.CancellationToken);
        var live = new List<MonitoringWindow>();
        foreach (var record in open)
        {
            var key = new DriftWindowKey(record.Deployment, record.ModelName, record.Version, record.WindowStart);
            var evaluation = await grains.GetGrain<IDriftWindowGrain>(key.ToString()).EvaluateAsync();
            var report = MonitoringJson.Parse(evaluation.ReportJson);
            live.Add(new MonitoringWindow(record with { RowCount = evaluation.Count, ClosedAt = evaluation.Closed ? record.ClosedAt ?? now : null }, report, spec));
        }

        return live;
    }

    private static async Task<List<SeriesPoint>> SeriesAsync(IResolveFieldContext<DeploymentRecord> c)
    {
        var metric = c.GetArgument<string>("metric").ToUpperInvariant();
        if (metric != "ROWS" && !AlertMetrics.All.Contains(metric))
        {
            throw MLOpsException.Invalid($"Metric '{metric}' is unknown; use ROWS or one of {string.Join(", ", AlertMetrics.All)}.");
        }

        var feature = c.GetArgument<string?>("feature");
        if (metric == AlertMetrics.FeatureDrift && feature is null)
        {
            throw MLOpsException.Invalid("FEATURE_DRIFT needs the feature argument.");
        }

        var spec = SpecOf(c.Source);
        var performance = c.RequestServices!.GetRequiredService<WindowPerformance>();
        var points = new List<SeriesPoint>();
        foreach (var record in await ListAsync(c))
        {
            if (record.ClosedAt is null)
            {
                continue;
            }

            var report = MonitoringJson.Parse(record.ReportJson);
            double? value = metric switch
            {
                "ROWS" => record.RowCount,
                AlertMetrics.DriftShare => record.DriftShare,
                AlertMetrics.FeatureDrift => report?.Features.FirstOrDefault(f => f.Name == feature)?.Score,
                AlertMetrics.LatencyP95 => report?.LatencyP95,
                AlertMetrics.ErrorRate => report?.ErrorRate,
                _ => WindowPerformance.Pick(
                    await performance.ComputeAsync(record.Deployment, record.ModelName, record.Version, record.WindowStart, spec, c.CancellationToken), metric),
            };
            points.Add(new SeriesPoint(record.WindowStart, record.WindowEnd, record.ModelName, record.Version, value));
        }

        return points;
    }
}
