using System.Runtime.CompilerServices;
using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>Most runs <see cref="CompareRunsAsync"/> takes at once.</summary>
    public const int MaxComparedRuns = 50;

    /// <summary>
    /// Starts a run in the experiment and returns it as an <see cref="ActiveRun"/>, which logs params, tags and
    /// metrics in the background. Dispose it (or call <see cref="ActiveRun.EndAsync"/>) to flush and end it.
    /// </summary>
    public async Task<ActiveRun> StartRunAsync(
        string experimentId, string? name = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        var data = await _http.GraphQLAsync(
            "mutation($e: ID!, $name: String, $tags: [TagInput!]) { startRun(experimentId: $e, name: $name, tags: $tags) { " + Run.Fields + " } }",
            new { e = experimentId, name, tags = TagList(tags) }, cancellationToken);
        return new ActiveRun(this, Run.Read(data.GetProperty("startRun")));
    }

    /// <summary>The run with its params, tags, latest metrics, inputs and artifacts, or null.</summary>
    public async Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var data = await _http.GraphQLAsync("query($id: ID!) { run(id: $id) { " + Run.FieldsWithArtifacts + " } }", new { id = runId }, cancellationToken);
        return data.Optional("run") is { } run ? Run.Read(run) : null;
    }

    /// <summary>
    /// A metric's series, downsampled on the server to at most <paramref name="maxPoints"/> points (2 to 10,000)
    /// keeping each bucket's minimum and maximum; <see cref="MetricHistory.TotalPoints"/> counts the full series.
    /// </summary>
    /// <exception cref="MlopsException">NOT_FOUND when there is no such run.</exception>
    public async Task<MetricHistory> GetMetricHistoryAsync(string runId, string key, int maxPoints = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var data = await _http.GraphQLAsync(
            "query($id: ID!, $key: String!, $max: Int) { run(id: $id) { metricHistory(key: $key, maxPoints: $max) { " + MetricHistory.Fields + " } } }",
            new { id = runId, key, max = maxPoints }, cancellationToken);
        var run = data.Optional("run") ?? throw new MlopsException(MlopsErrorCodes.NotFound, $"No run has the id {runId}.");
        return MetricHistory.Read(run.GetProperty("metricHistory"));
    }

    /// <summary>Params and latest metrics of 1 to <see cref="MaxComparedRuns"/> runs side by side, the differing ones marked.</summary>
    public async Task<RunComparison> CompareRunsAsync(IEnumerable<string> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var data = await _http.GraphQLAsync(
            "query($ids: [ID!]!) { compareRuns(runIds: $ids) { " + RunComparison.Fields + " } }", new { ids = runIds.ToArray() }, cancellationToken);
        return RunComparison.Read(data.GetProperty("compareRuns"));
    }

    /// <summary>
    /// One page of the runs of these experiments that match <paramref name="filter"/>, in MLflow's syntax with OR and
    /// parentheses (for example <c>metrics.auc &gt; 0.9 OR params.lr = '0.1'</c>), ordered by <paramref name="orderBy"/>
    /// (for example <c>metrics.auc DESC</c>).
    /// </summary>
    /// <param name="experimentIds">The experiments to search.</param>
    /// <param name="filter">The filter, or null for every run.</param>
    /// <param name="orderBy">Sort keys, each a field and ASC or DESC; null for the server's default order.</param>
    /// <param name="pageSize">Runs per page, 1 to 1000; null for the server's default (100).</param>
    /// <param name="pageToken">The previous page's <see cref="RunPage.NextPageToken"/>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<RunPage> SearchRunsPageAsync(
        IEnumerable<string> experimentIds,
        string? filter = null,
        IEnumerable<string>? orderBy = null,
        int? pageSize = null,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        var data = await _http.GraphQLAsync(
            "query($e: [ID!]!, $filter: String, $orderBy: [String!], $first: Int, $after: String) { "
            + "searchRuns(experimentIds: $e, filter: $filter, orderBy: $orderBy, first: $first, after: $after) { runs { " + Run.Fields + " } nextPageToken } }",
            new { e = experimentIds.ToArray(), filter, orderBy = orderBy?.ToArray(), first = pageSize, after = pageToken },
            cancellationToken);
        var page = data.GetProperty("searchRuns");
        return new RunPage(page.List("runs", Run.Read), page.OptionalString("nextPageToken"));
    }

    /// <summary>
    /// Every run of these experiments that matches <paramref name="filter"/>, fetched a page at a time as the
    /// enumeration goes (see <see cref="SearchRunsPageAsync"/> for the syntax).
    /// </summary>
    public async IAsyncEnumerable<Run> SearchRunsAsync(
        IEnumerable<string> experimentIds,
        string? filter = null,
        IEnumerable<string>? orderBy = null,
        int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        var experiments = experimentIds.ToArray();
        var order = orderBy?.ToArray();
        string? token = null;
        do
        {
            var page = await SearchRunsPageAsync(experiments, filter, order, pageSize, token, cancellationToken);
            foreach (var run in page.Runs)
            {
                yield return run;
            }

            token = page.NextPageToken;
        }
        while (token is not null);
    }

    /// <summary>Sets a run's status: FINISHED, FAILED or KILLED end it (with the end time now); RUNNING or SCHEDULED reopen it.</summary>
    public async Task<Run> SetRunStatusAsync(string runId, string status, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        var data = await _http.GraphQLAsync(
            "mutation($id: ID!, $status: String!) { setRunStatus(runId: $id, status: $status) { " + Run.Fields + " } }",
            new { id = runId, status }, cancellationToken);
        return Run.Read(data.GetProperty("setRunStatus"));
    }

    /// <summary>Soft-deletes a run.</summary>
    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        await _http.GraphQLAsync("mutation($id: ID!) { deleteRun(runId: $id) }", new { id = runId }, cancellationToken);
    }

    /// <summary>Records the datasets a run used; their digests become the lineage of models registered from the run.</summary>
    public async Task<Run> LogInputsAsync(string runId, IEnumerable<DatasetInput> datasets, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(datasets);
        var data = await _http.GraphQLAsync(
            "mutation($id: ID!, $d: [DatasetInputInput!]!) { logInputs(runId: $id, datasets: $d) { " + Run.Fields + " } }",
            new { id = runId, d = datasets.Select(d => new { name = d.Name, digest = d.Digest, source = d.Source, schema = d.Schema, context = d.Context }).ToArray() },
            cancellationToken);
        return Run.Read(data.GetProperty("logInputs"));
    }

    /// <summary>POSTs one logBatch body to the REST endpoint; the background sender of <see cref="ActiveRun"/> retries it.</summary>
    internal async Task<bool> PostBatchAsync(string runId, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/runs/{Uri.EscapeDataString(runId)}/batch")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var outcome = await _http.SendForJsonAsync(request, cancellationToken);
        return outcome.Boolean("applied");
    }
}
