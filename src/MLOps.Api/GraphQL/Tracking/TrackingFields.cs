using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL.Registry;
using MLOps.Api.Identity;
using MLOps.Contracts;
using MLOps.Contracts.Registry;
using MLOps.Contracts.Tracking;
using MLOps.Storage.Registry;
using MLOps.Storage.Tracking;
using MLOps.Storage.Tracking.Search;

namespace MLOps.Api.GraphQL.Tracking;

/// <summary>Experiment tracking queries and mutations, added to the root types.</summary>
public static class TrackingFields
{
    /// <summary>Most runs compared at once.</summary>
    public const int MaxCompared = 50;

    public static void AddQueries(ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExperimentType>>>>("experiments")
            .Argument<BooleanGraphType>("includeDeleted", "Default false.")
            .ResolveAsync(async c => await Store(c).ListExperimentsAsync(c.GetArgument("includeDeleted", false), c.CancellationToken));
        query.Field<ExperimentType>("experiment")
            .Description("An experiment by id or by name.")
            .Argument<IdGraphType>("id")
            .Argument<StringGraphType>("name")
            .ResolveAsync(async c =>
            {
                if (c.GetArgument<Guid?>("id") is { } id)
                {
                    return await Store(c).GetExperimentAsync(id, c.CancellationToken);
                }

                return c.GetArgument<string?>("name") is { } name
                    ? await Store(c).GetExperimentByNameAsync(name, c.CancellationToken)
                    : throw MLOpsException.Invalid("Give the experiment's id or its name.");
            });
        query.Field<RunType>("run")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => (await Store(c).GetRunDetailsAsync([RunId(c.GetArgument<string>("id"))], c.CancellationToken)).FirstOrDefault());
        query.Field<NonNullGraphType<RunPageType>>("searchRuns")
            .Description("Runs of the experiments that match the filter (MLflow syntax plus OR, NOT and parentheses), in order, a page at a time.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("experimentIds")
            .Argument<StringGraphType>("filter", "e.g. metrics.auc > 0.9 AND (params.optimizer = 'adam' OR tags.team ILIKE 'ml%')")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("orderBy", "e.g. [\"metrics.auc DESC\", \"attributes.start_time\"]; default start_time DESC.")
            .Argument<IntGraphType>("first", "Page size, 1 to 1000 (default 100).")
            .Argument<StringGraphType>("after", "nextPageToken of the previous page.")
            .Argument<BooleanGraphType>("includeDeleted", "Default false.")
            .ResolveAsync(async c =>
            {
                var services = c.RequestServices!;
                var page = await RunSearchSql.ExecuteAsync(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), new RunSearchRequest
                {
                    ExperimentIds = [.. c.GetArgument<List<string>>("experimentIds").Select(ExperimentId)],
                    Filter = c.GetArgument<string?>("filter"),
                    OrderBy = c.GetArgument<List<string>?>("orderBy") ?? [],
                    PageSize = c.GetArgument("first", 100),
                    PageToken = c.GetArgument<string?>("after"),
                    IncludeDeleted = c.GetArgument("includeDeleted", false),
                }, c.CancellationToken);
                return new RunPage(await Store(c).GetRunDetailsAsync(page.RunIds, c.CancellationToken), page.NextPageToken);
            });
        query.Field<NonNullGraphType<RunComparisonType>>("compareRuns")
            .Description("Params and latest metrics of the runs side by side, with the differing ones marked.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("runIds")
            .ResolveAsync(async c =>
            {
                var ids = c.GetArgument<List<string>>("runIds").Select(RunId).Distinct().ToArray();
                if (ids.Length is < 1 or > MaxCompared)
                {
                    throw MLOpsException.Invalid($"Compare 1 to {MaxCompared} runs; got {ids.Length}.");
                }

                var runs = await Store(c).GetRunDetailsAsync(ids, c.CancellationToken);
                var missing = ids.Except(runs.Select(r => r.Run.Id)).ToArray();
                if (missing.Length > 0)
                {
                    throw MLOpsException.NotFound($"No run has the id {missing[0]:N}.");
                }

                return Compare(runs);
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        mutation.Field<NonNullGraphType<ExperimentType>>("createExperiment")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<ListGraphType<NonNullGraphType<TagInputType>>>("tags")
            .ResolveAsync(async c =>
            {
                var id = Guid.NewGuid();
                await Experiment(c, id).CreateAsync(c.User.ToCaller(), c.GetArgument<string>("name"), Tags(c));
                return await LoadExperimentAsync(c, id);
            });
        mutation.Field<NonNullGraphType<ExperimentType>>("setExperimentTag")
            .Argument<NonNullGraphType<IdGraphType>>("experimentId")
            .Argument<NonNullGraphType<TagInputType>>("tag")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<Guid>("experimentId");
                var tag = c.GetArgument<KeyValuePair<string, string>>("tag");
                await Experiment(c, id).SetTagAsync(c.User.ToCaller(), new KeyValue(tag.Key, tag.Value));
                return await LoadExperimentAsync(c, id);
            });
        mutation.Field<NonNullGraphType<ExperimentType>>("deleteExperiment")
            .Description("Soft delete: the name stays taken and restoreExperiment brings it back.")
            .Argument<NonNullGraphType<IdGraphType>>("experimentId")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<Guid>("experimentId");
                await Experiment(c, id).DeleteAsync(c.User.ToCaller());
                return await LoadExperimentAsync(c, id);
            });
        mutation.Field<NonNullGraphType<ExperimentType>>("restoreExperiment")
            .Argument<NonNullGraphType<IdGraphType>>("experimentId")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<Guid>("experimentId");
                await Experiment(c, id).RestoreAsync(c.User.ToCaller());
                return await LoadExperimentAsync(c, id);
            });
        mutation.Field<NonNullGraphType<RunType>>("startRun")
            .Argument<NonNullGraphType<IdGraphType>>("experimentId")
            .Argument<StringGraphType>("name")
            .Argument<ListGraphType<NonNullGraphType<TagInputType>>>("tags")
            .Argument<DateTimeOffsetGraphType>("startTime")
            .Argument<StringGraphType>("status", "RUNNING (default) or SCHEDULED.")
            .ResolveAsync(async c =>
            {
                var id = Guid.NewGuid();
                await Run(c, id).StartAsync(c.User.ToCaller(), new StartRun(
                    c.GetArgument<Guid>("experimentId"), c.GetArgument<string?>("name"), Tags(c), c.GetArgument<DateTimeOffset?>("startTime"),
                    c.GetArgument("status", RunStatuses.Running)));
                return await LoadRunAsync(c, id);
            });
        mutation.Field<NonNullGraphType<BatchOutcomeType>>("logBatch")
            .Description("Up to 1000 metrics, 100 params and 100 tags, applied all or nothing, at most once per batchId. Returns when durable.")
            .Argument<NonNullGraphType<IdGraphType>>("runId")
            .Argument<StringGraphType>("batchId", "Client-chosen id that makes a retried batch harmless.")
            .Argument<ListGraphType<NonNullGraphType<MetricPointInputType>>>("metrics")
            .Argument<ListGraphType<NonNullGraphType<TagInputType>>>("params")
            .Argument<ListGraphType<NonNullGraphType<TagInputType>>>("tags")
            .ResolveAsync(async c =>
            {
                var now = c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
                var batch = new RunBatch(
                    c.GetArgument<string?>("batchId"),
                    [.. (c.GetArgument<List<MetricPointInput>?>("metrics") ?? []).Select(m => m.At(now))],
                    [.. (c.GetArgument<List<KeyValuePair<string, string>>?>("params") ?? []).Select(p => new KeyValue(p.Key, p.Value))],
                    Tags(c));
                return await Run(c, RunId(c.GetArgument<string>("runId"))).LogBatchAsync(c.User.ToCaller(), batch);
            });
        mutation.Field<NonNullGraphType<RunType>>("logInputs")
            .Argument<NonNullGraphType<IdGraphType>>("runId")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<DatasetInputType>>>>("datasets")
            .ResolveAsync(async c =>
            {
                var id = RunId(c.GetArgument<string>("runId"));
                await Run(c, id).LogInputsAsync(c.User.ToCaller(), c.GetArgument<List<DatasetInput>>("datasets"));
                return await LoadRunAsync(c, id);
            });
        mutation.Field<NonNullGraphType<RunType>>("setRunStatus")
            .Description("Ends a run with FINISHED, FAILED or KILLED (sets its end time), or moves it to RUNNING or SCHEDULED.")
            .Argument<NonNullGraphType<IdGraphType>>("runId")
            .Argument<NonNullGraphType<StringGraphType>>("status")
            .Argument<DateTimeOffsetGraphType>("endTime", "Default: now, for the end states.")
            .ResolveAsync(async c =>
            {
                var id = RunId(c.GetArgument<string>("runId"));
                await Run(c, id).SetStatusAsync(c.User.ToCaller(), c.GetArgument<string>("status"), c.GetArgument<DateTimeOffset?>("endTime"));
                return await LoadRunAsync(c, id);
            });
        mutation.Field<NonNullGraphType<BooleanGraphType>>("deleteRun")
            .Argument<NonNullGraphType<IdGraphType>>("runId")
            .ResolveAsync(async c =>
            {
                await Run(c, RunId(c.GetArgument<string>("runId"))).DeleteAsync(c.User.ToCaller());
                return true;
            });
        mutation.Field<NonNullGraphType<ModelVersionType>>("registerModelVersionFromRun")
            .Description("Registers the file at artifactPath under the run as a new version, with the run's lineage: run id, params, latest metrics and dataset digests.")
            .Argument<NonNullGraphType<StringGraphType>>("modelName")
            .Argument<NonNullGraphType<IdGraphType>>("runId")
            .Argument<NonNullGraphType<StringGraphType>>("artifactPath")
            .Argument<StringGraphType>("description")
            .Argument<ListGraphType<NonNullGraphType<TagInputType>>>("tags")
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("modelName");
                var request = await FromRunAsync(c, RunId(c.GetArgument<string>("runId")), c.GetArgument<string>("artifactPath"));
                var services = c.RequestServices!;
                var number = await services.GetRequiredService<IGrainFactory>().GetGrain<IRegisteredModelGrain>(name)
                    .RegisterVersionAsync(c.User.ToCaller(), request);
                var reader = services.GetRequiredService<RegistryReader>();
                var model = await reader.GetModelAsync(name, c.CancellationToken) ?? throw MLOpsException.NotFound($"No model is named '{name}'.");
                return (await reader.GetVersionsAsync([model.Id], c.CancellationToken)).First(v => v.Version == number);
            });
    }

    internal static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<KeyValue> pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value));

    /// <summary>A run id from GraphQL: 32 hex digits, with or without dashes.</summary>
    internal static Guid RunId(string value) =>
        Guid.TryParse(value, out var id) ? id : throw MLOpsException.Invalid($"'{value}' is not a run id (32 hex digits).");

    private static Guid ExperimentId(string value) =>
        Guid.TryParse(value, out var id) ? id : throw MLOpsException.Invalid($"'{value}' is not an experiment id.");

    internal static RunComparison Compare(IReadOnlyList<RunDetails> runs)
    {
        var paramKeys = runs.SelectMany(r => r.Params.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal);
        var metricKeys = runs.SelectMany(r => r.LatestMetrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal);
        var parameters = paramKeys.Select(key =>
        {
            var values = runs.Select(r => r.Params.FirstOrDefault(p => p.Key == key)?.Value).ToArray();
            return new ComparedParam(key, values, values.Distinct().Count() > 1);
        }).ToArray();
        var metrics = metricKeys.Select(key =>
        {
            var values = runs.Select(r => r.LatestMetrics.FirstOrDefault(m => m.Key == key)?.Value).ToArray();
            return new ComparedMetric(key, values, values.Distinct().Count() > 1);
        }).ToArray();
        return new RunComparison(runs, parameters, metrics);
    }

    private static async Task<RegisterVersionRequest> FromRunAsync(IResolveFieldContext c, Guid runId, string path)
    {
        RunArtifactPaths.Check(path);
        var store = Store(c);
        var run = (await store.GetRunDetailsAsync([runId], c.CancellationToken)).FirstOrDefault(r => r.Run.Lifecycle == "ACTIVE")
            ?? throw MLOpsException.NotFound($"No run has the id {runId:N}.");
        var file = await store.GetArtifactAsync(runId, path, c.CancellationToken)
            ?? throw MLOpsException.NotFound($"Run {runId:N} has no artifact '{path}'; upload it with PUT /api/runs/{runId:N}/artifacts/{path}.");
        var lineage = run.Params.ToDictionary(p => "param." + p.Key, p => p.Value);
        lineage["run.name"] = run.Run.Name;
        lineage["run.artifactPath"] = path;
        lineage["run.experimentId"] = run.Run.ExperimentId.ToString("N");
        return new RegisterVersionRequest(
            file.Sha256,
            c.GetArgument<string?>("description"),
            runId.ToString("N"),
            [.. run.Inputs.Select(i => i.Digest).Distinct()],
            lineage,
            run.LatestMetrics.ToDictionary(m => m.Key, m => m.Value),
            c.GetArgument<List<KeyValuePair<string, string>>?>("tags")?.ToDictionary(t => t.Key, t => t.Value));
    }

    private static List<KeyValue> Tags(IResolveFieldContext c) =>
        [.. (c.GetArgument<List<KeyValuePair<string, string>>?>("tags") ?? []).Select(t => new KeyValue(t.Key, t.Value))];

    private static TrackingStore Store(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<TrackingStore>();

    private static IExperimentGrain Experiment(IResolveFieldContext c, Guid id) =>
        c.RequestServices!.GetRequiredService<IGrainFactory>().GetGrain<IExperimentGrain>(id);

    private static IRunGrain Run(IResolveFieldContext c, Guid id) =>
        c.RequestServices!.GetRequiredService<IGrainFactory>().GetGrain<IRunGrain>(id);

    private static async Task<ExperimentRecord> LoadExperimentAsync(IResolveFieldContext c, Guid id) =>
        await Store(c).GetExperimentAsync(id, c.CancellationToken) ?? throw MLOpsException.NotFound($"No experiment has the id {id}.");

    private static async Task<RunDetails> LoadRunAsync(IResolveFieldContext c, Guid id) =>
        (await Store(c).GetRunDetailsAsync([id], c.CancellationToken)).FirstOrDefault() ?? throw MLOpsException.NotFound($"No run has the id {id:N}.");
}
