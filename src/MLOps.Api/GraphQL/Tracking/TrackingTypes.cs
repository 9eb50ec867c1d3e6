using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL.Registry;
using MLOps.Contracts.Tracking;
using MLOps.Storage.Tracking;

namespace MLOps.Api.GraphQL.Tracking;

public sealed class ExperimentType : ObjectGraphType<ExperimentRecord>
{
    public ExperimentType()
    {
        Name = "Experiment";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.Lifecycle).Description("ACTIVE or DELETED.");
        Field(x => x.CreatedBy);
        Field(x => x.CreatedAt);
        Field(x => x.UpdatedAt);
        Field(x => x.DeletedAt, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyValueType>>>>("tags").Resolve(c => TrackingFields.Pairs(c.Source.Tags));
    }
}

public sealed class RunType : ObjectGraphType<RunDetails>
{
    public RunType()
    {
        Name = "Run";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Run.Id.ToString("N"));
        Field<NonNullGraphType<IdGraphType>>("experimentId").Resolve(c => c.Source.Run.ExperimentId);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Run.Name);
        Field<NonNullGraphType<StringGraphType>>("status").Description("RUNNING, SCHEDULED, FINISHED, FAILED or KILLED.").Resolve(c => c.Source.Run.Status);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("startTime").Resolve(c => c.Source.Run.StartTime);
        Field<DateTimeOffsetGraphType>("endTime").Resolve(c => c.Source.Run.EndTime);
        Field<NonNullGraphType<StringGraphType>>("lifecycle").Resolve(c => c.Source.Run.Lifecycle);
        Field<NonNullGraphType<StringGraphType>>("createdBy").Resolve(c => c.Source.Run.CreatedBy);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyValueType>>>>("params").Resolve(c => TrackingFields.Pairs(c.Source.Params));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyValueType>>>>("tags").Resolve(c => TrackingFields.Pairs(c.Source.Tags));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricPointType>>>>("metrics")
            .Description("The latest point of every metric (highest step, then latest timestamp).")
            .Resolve(c => c.Source.LatestMetrics);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DatasetType>>>>("inputs").Resolve(c => c.Source.Inputs);
        Field<NonNullGraphType<MetricHistoryType>>("metricHistory")
            .Description("A metric's series, downsampled on the server to at most maxPoints points keeping each bucket's min and max.")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .Argument<IntGraphType>("maxPoints", "2 to 10000, default 320.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<MetricHistoryReader>().ReadAsync(
                c.Source.Run.Id, c.GetArgument<string>("key"), c.GetArgument("maxPoints", MetricHistoryReader.DefaultMaxPoints), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RunArtifactType>>>>("artifacts")
            .Argument<StringGraphType>("prefix", "Only files under this folder.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<TrackingStore>().ListArtifactsAsync(
                c.Source.Run.Id, c.GetArgument<string?>("prefix"), c.CancellationToken));
    }
}

public sealed class MetricPointType : ObjectGraphType<MetricPoint>
{
    public MetricPointType()
    {
        Name = "MetricPoint";
        Field(x => x.Key);
        Field(x => x.Value);
        Field(x => x.Step);
        Field(x => x.Timestamp);
    }
}

public sealed class MetricHistoryType : ObjectGraphType<MetricHistory>
{
    public MetricHistoryType()
    {
        Name = "MetricHistory";
        Field(x => x.Key);
        Field(x => x.TotalPoints).Description("Points in the full series.");
        Field(x => x.Downsampled);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricHistoryPointType>>>>("points").Resolve(c => c.Source.Points);
    }
}

public sealed class MetricHistoryPointType : ObjectGraphType<MetricHistoryPoint>
{
    public MetricHistoryPointType()
    {
        Name = "MetricHistoryPoint";
        Field(x => x.Step);
        Field(x => x.Timestamp);
        Field(x => x.Value);
    }
}

public sealed class DatasetType : ObjectGraphType<DatasetInput>
{
    public DatasetType()
    {
        Name = "DatasetInput";
        Field(x => x.Name);
        Field(x => x.Digest);
        Field(x => x.Source);
        Field(x => x.Schema, nullable: true);
        Field(x => x.Context).Description("training, validation or test.");
    }
}

public sealed class RunArtifactType : ObjectGraphType<RunArtifactRecord>
{
    public RunArtifactType()
    {
        Name = "RunArtifact";
        Field(x => x.Path);
        Field(x => x.Sha256);
        Field(x => x.SizeBytes);
        Field(x => x.CreatedAt);
    }
}

public sealed class BatchOutcomeType : ObjectGraphType<BatchOutcome>
{
    public BatchOutcomeType()
    {
        Name = "BatchOutcome";
        Field(x => x.Applied).Description("False when the batch id was applied before: a retry, acknowledged without writing again.");
        Field(x => x.Metrics);
        Field(x => x.Params).Description("Params newly written (a param logged again with the same value is not counted).");
        Field(x => x.Tags);
    }
}

/// <summary>A metric point as sent to logBatch; a point without a timestamp gets the server's clock.</summary>
public sealed record MetricPointInput(string Key, double Value, long Step, DateTimeOffset? Timestamp)
{
    public MetricPoint At(DateTimeOffset now) => new(Key, Value, Step, Timestamp ?? now);
}

public sealed class MetricPointInputType : InputObjectGraphType<MetricPointInput>
{
    public MetricPointInputType()
    {
        Name = "MetricPointInput";
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<NonNullGraphType<FloatGraphType>>("value");
        Field<LongGraphType>("step").Description("Default 0.");
        Field<DateTimeOffsetGraphType>("timestamp").Description("Default: when the server receives it.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new MetricPointInput(
            (string)value["key"]!,
            Convert.ToDouble(value["value"], System.Globalization.CultureInfo.InvariantCulture),
            value.TryGetValue("step", out var step) && step is not null ? Convert.ToInt64(step, System.Globalization.CultureInfo.InvariantCulture) : 0,
            value.TryGetValue("timestamp", out var ts) && ts is DateTimeOffset at ? at : null);
    }
}

public sealed class DatasetInputType : InputObjectGraphType<DatasetInput>
{
    public DatasetInputType()
    {
        Name = "DatasetInputInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("digest");
        Field<NonNullGraphType<StringGraphType>>("source");
        Field<StringGraphType>("schema");
        Field<NonNullGraphType<StringGraphType>>("context").Description("training, validation or test.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new DatasetInput(
            (string)value["name"]!, (string)value["digest"]!, (string)value["source"]!,
            value.TryGetValue("schema", out var schema) ? (string?)schema : null, (string)value["context"]!);
    }
}

/// <summary>Runs side by side: one row per param and metric key, one value per run (null where a run has none).</summary>
public sealed record RunComparison(IReadOnlyList<RunDetails> Runs, IReadOnlyList<ComparedParam> Params, IReadOnlyList<ComparedMetric> Metrics);

public sealed record ComparedParam(string Key, IReadOnlyList<string?> Values, bool Differs);

public sealed record ComparedMetric(string Key, IReadOnlyList<double?> Values, bool Differs);

public sealed class RunComparisonType : ObjectGraphType<RunComparison>
{
    public RunComparisonType()
    {
        Name = "RunComparison";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RunType>>>>("runs").Resolve(c => c.Source.Runs);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ComparedParamType>>>>("params").Resolve(c => c.Source.Params);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ComparedMetricType>>>>("metrics").Resolve(c => c.Source.Metrics);
    }
}

public sealed class ComparedParamType : ObjectGraphType<ComparedParam>
{
    public ComparedParamType()
    {
        Name = "ComparedParam";
        Field(x => x.Key);
        Field<NonNullGraphType<ListGraphType<StringGraphType>>>("values").Description("In the order of runs; null where a run lacks it.").Resolve(c => c.Source.Values);
        Field(x => x.Differs).Description("True when the runs do not all have the same value (a missing param counts as different).");
    }
}

public sealed class ComparedMetricType : ObjectGraphType<ComparedMetric>
{
    public ComparedMetricType()
    {
        Name = "ComparedMetric";
        Field(x => x.Key);
        Field<NonNullGraphType<ListGraphType<FloatGraphType>>>("values").Description("Latest values, in the order of runs; null where a run lacks it.").Resolve(c => c.Source.Values);
        Field(x => x.Differs);
    }
}

/// <summary>One page of a runs search.</summary>
public sealed record RunPage(IReadOnlyList<RunDetails> Runs, string? NextPageToken);

public sealed class RunPageType : ObjectGraphType<RunPage>
{
    public RunPageType()
    {
        Name = "RunPage";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RunType>>>>("runs").Resolve(c => c.Source.Runs);
        Field(x => x.NextPageToken, nullable: true).Description("Pass as 'after' for the next page; null on the last page.");
    }
}
