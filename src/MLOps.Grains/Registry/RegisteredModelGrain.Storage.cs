using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Storage.Registry;
using Npgsql;

namespace MLOps.Grains.Registry;

/// <summary>Loading, the transaction helper, audit and event writing, and the views they record.</summary>
public sealed partial class RegisteredModelGrain
{
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _model = await reader.GetModelAsync(Name, cancellationToken);
        _versions.Clear();
        _aliases.Clear();
        _transitions.Clear();
        if (_model is null)
        {
            return;
        }

        Guid[] ids = [_model.Id];
        foreach (var version in await reader.GetVersionsAsync(ids, cancellationToken))
        {
            _versions[version.Version] = version;
        }

        foreach (var alias in await reader.GetAliasesAsync(ids, cancellationToken))
        {
            _aliases[alias.Alias] = alias;
        }

        foreach (var transition in await reader.GetTransitionsAsync(ids, cancellationToken))
        {
            _transitions[transition.Id] = transition;
        }
    }

    /// <summary>
    /// Runs the writes in one transaction; on failure nothing is kept and memory is untouched. After the commit
    /// the transaction's registry events go out on the in-cluster stream (best effort: the outbox has them).
    /// </summary>
    private async Task CommitAsync(Func<NpgsqlTransaction, Task> work)
    {
        _unpublished.Clear();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await work(transaction);
            await transaction.CommitAsync();
        }

        await RegistryEvents.PublishAsync(this, _unpublished);
        _unpublished.Clear();
    }

    private Task AuditAsync(NpgsqlTransaction tx, Caller caller, string action, Guid modelId, int? version, object? before, object? after) =>
        RegistryWriter.AppendAuditAsync(tx, new AuditEntry(caller.Name, action, modelId, Name, version, before, after), default);

    private async Task PublishAsync(NpgsqlTransaction tx, Caller caller, string type, int? version, object payload) =>
        _unpublished.Add(await RegistryEvents.AppendAsync(tx, type, Name, version, caller.Name, payload));

    private ModelRecord RequireModel() =>
        _model ?? throw MLOpsException.NotFound($"No model is named '{Name}'; create it with createModel first.");

    private ModelVersionRecord RequireVersion(int version) =>
        _versions.TryGetValue(version, out var record)
            ? record
            : throw MLOpsException.NotFound($"Model '{Name}' has no version {version}.");

    private static object ModelView(ModelRecord m) => new { id = m.Id, name = m.Name, description = m.Description, tags = m.Tags };

    private static object VersionView(ModelVersionRecord v) => new
    {
        version = v.Version, status = v.Status, statusMessage = v.StatusMessage, stage = v.Stage, artifactSha256 = v.ArtifactSha256,
        description = v.Description, tags = v.Tags,
    };

    private static object AliasView(AliasRecord a) => new { alias = a.Alias, version = a.Version };

    private static object TransitionView(StageTransitionRecord t) => new
    {
        id = t.Id, version = t.Version, from = t.FromStage, to = t.ToStage, archiveExisting = t.ArchiveExisting, status = t.Status,
        requestedBy = t.RequestedBy, comment = t.Comment, decidedBy = t.DecidedBy, decisionComment = t.DecisionComment,
    };
}
