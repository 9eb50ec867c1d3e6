using System.Runtime.CompilerServices;
using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>The registered model with its versions and aliases, or null.</summary>
    public async Task<RegisteredModel?> GetModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var data = await _http.GraphQLAsync("query($name: String!) { model(name: $name) { " + RegisteredModel.Fields + " } }", new { name }, cancellationToken);
        return data.Optional("model") is { } model ? RegisteredModel.Read(model) : null;
    }

    /// <summary>Every registered model by name (those whose name contains <paramref name="nameContains"/>), a page at a time.</summary>
    public async IAsyncEnumerable<RegisteredModel> ListModelsAsync(string? nameContains = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        while (true)
        {
            var data = await _http.GraphQLAsync(
                "query($filter: ModelFilter, $after: String) { models(filter: $filter, first: 100, after: $after) { nodes { "
                + RegisteredModel.Fields + " } pageInfo { hasNextPage endCursor } } }",
                new { filter = nameContains is null ? null : new { nameContains }, after }, cancellationToken);
            var page = data.GetProperty("models");
            foreach (var model in page.List("nodes", RegisteredModel.Read))
            {
                yield return model;
            }

            var info = page.GetProperty("pageInfo");
            after = info.OptionalString("endCursor");
            if (!info.Boolean("hasNextPage") || after is null)
            {
                yield break;
            }
        }
    }

    /// <summary>Creates a registered model.</summary>
    /// <exception cref="MlopsException">CONFLICT when the name is taken.</exception>
    public async Task<RegisteredModel> CreateModelAsync(
        string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var data = await _http.GraphQLAsync(
            "mutation($name: String!, $description: String, $tags: [TagInput!]) { createModel(name: $name, description: $description, tags: $tags) { "
            + RegisteredModel.Fields + " } }",
            new { name, description, tags = TagList(tags) }, cancellationToken);
        return RegisteredModel.Read(data.GetProperty("createModel"));
    }

    /// <summary>
    /// Registers the ONNX file stored at <paramref name="artifactPath"/> under the run as a new version of the model
    /// (created when missing), with the run's lineage: run id, params, latest metrics and dataset digests.
    /// </summary>
    /// <exception cref="MlopsException">NOT_FOUND when the run or the artifact is missing.</exception>
    public async Task<ModelVersion> RegisterModelFromRunAsync(
        string modelName,
        string runId,
        string artifactPath,
        string? description = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactPath);
        await EnsureModelAsync(modelName, cancellationToken);
        var data = await _http.GraphQLAsync(
            "mutation($model: String!, $run: ID!, $path: String!, $description: String, $tags: [TagInput!]) { "
            + "registerModelVersionFromRun(modelName: $model, runId: $run, artifactPath: $path, description: $description, tags: $tags) { " + ModelVersion.Fields + " } }",
            new { model = modelName, run = runId, path = artifactPath, description, tags = TagList(tags) }, cancellationToken);
        return ModelVersion.Read(data.GetProperty("registerModelVersionFromRun"));
    }

    /// <summary>
    /// Registers an ONNX file already in the artifact store (see <see cref="UploadArtifactAsync(Stream, IProgress{TransferProgress}?, CancellationToken)"/>)
    /// as a new version of the model, created when missing.
    /// </summary>
    public async Task<ModelVersion> RegisterModelVersionAsync(
        string modelName,
        string artifactSha256,
        string? description = null,
        string? sourceRunId = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactSha256);
        await EnsureModelAsync(modelName, cancellationToken);
        var data = await _http.GraphQLAsync(
            "mutation($model: String!, $input: RegisterModelVersionInput!) { registerModelVersion(modelName: $model, input: $input) { " + ModelVersion.Fields + " } }",
            new { model = modelName, input = new { artifactSha256, description, sourceRunId, tags = TagList(tags) } }, cancellationToken);
        return ModelVersion.Read(data.GetProperty("registerModelVersion"));
    }

    /// <summary>Points an alias (such as champion) at a version; deployments that follow the alias switch to it.</summary>
    public async Task<ModelVersion> SetAliasAsync(string modelName, string alias, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        var data = await _http.GraphQLAsync(
            "mutation($model: String!, $alias: String!, $version: Int!) { setModelAlias(modelName: $model, alias: $alias, version: $version) { " + ModelVersion.Fields + " } }",
            new { model = modelName, alias, version }, cancellationToken);
        return ModelVersion.Read(data.GetProperty("setModelAlias"));
    }

    /// <summary>Removes an alias.</summary>
    public async Task DeleteAliasAsync(string modelName, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        await _http.GraphQLAsync(
            "mutation($model: String!, $alias: String!) { deleteModelAlias(modelName: $model, alias: $alias) }", new { model = modelName, alias }, cancellationToken);
    }

    /// <summary>
    /// Asks to move a version to a stage (None, Staging, Production or Archived). Production waits for an approval by
    /// another approver (status PENDING); the other stages apply at once (APPROVED).
    /// </summary>
    public async Task<StageTransition> RequestStageTransitionAsync(
        string modelName, int version, string stage, bool archiveExisting = true, string? comment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        var data = await _http.GraphQLAsync(
            "mutation($model: String!, $version: Int!, $stage: String!, $archive: Boolean, $comment: String) { "
            + "requestStageTransition(modelName: $model, version: $version, stage: $stage, archiveExisting: $archive, comment: $comment) { " + StageTransition.Fields + " } }",
            new { model = modelName, version, stage, archive = archiveExisting, comment }, cancellationToken);
        return StageTransition.Read(data.GetProperty("requestStageTransition"));
    }

    /// <summary>Approves a pending stage transition (by an approver other than the requester).</summary>
    public Task<StageTransition> ApproveStageTransitionAsync(string modelName, string requestId, string? comment = null, CancellationToken cancellationToken = default) =>
        DecideAsync("approveStageTransition", modelName, requestId, comment, cancellationToken);

    /// <summary>Rejects a pending stage transition.</summary>
    public Task<StageTransition> RejectStageTransitionAsync(string modelName, string requestId, string? comment = null, CancellationToken cancellationToken = default) =>
        DecideAsync("rejectStageTransition", modelName, requestId, comment, cancellationToken);

    private async Task<StageTransition> DecideAsync(string mutation, string modelName, string requestId, string? comment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        var data = await _http.GraphQLAsync(
            $"mutation($model: String!, $id: ID!, $comment: String) {{ {mutation}(modelName: $model, requestId: $id, comment: $comment) {{ {StageTransition.Fields} }} }}",
            new { model = modelName, id = requestId, comment }, cancellationToken);
        return StageTransition.Read(data.GetProperty(mutation));
    }

    private async Task EnsureModelAsync(string modelName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        var data = await _http.GraphQLAsync("query($name: String!) { model(name: $name) { name } }", new { name = modelName }, cancellationToken);
        if (data.Optional("model") is not null)
        {
            return;
        }

        try
        {
            await _http.GraphQLAsync("mutation($name: String!) { createModel(name: $name) { name } }", new { name = modelName }, cancellationToken);
        }
        catch (MlopsException e) when (e.Code == MlopsErrorCodes.Conflict)
        {
            // Created by someone else in between: what was wanted.
        }
    }
}
