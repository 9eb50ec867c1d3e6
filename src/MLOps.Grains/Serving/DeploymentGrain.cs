using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Registry;
using MLOps.Contracts.Serving;
using MLOps.Grains.Registry;
using MLOps.Storage.Deployments;
using MLOps.Storage.Events;
using MLOps.Storage.Monitoring;
using MLOps.Storage.Registry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MLOps.Grains.Serving;

/// <summary>Single writer of one deployment; see <see cref="IDeploymentGrain"/>.</summary>
public sealed class DeploymentGrain(
    NpgsqlDataSource dataSource, DeploymentStore store, RegistryReader registry, IOptions<MonitoringOptions> monitoring, TimeProvider time)
    : Grain, IDeploymentGrain
{
    private DeploymentRecord? _deployment;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _deployment = await store.GetAsync(Name, cancellationToken);

    public async Task CreateAsync(Caller caller, DeploymentSpec spec)
    {
        caller.Require(Roles.Contributor, "creating a deployment");
        DeploymentRules.ValidateName(Name);
        if (_deployment is not null)
        {
            throw MLOpsException.Conflict($"A deployment named '{Name}' already exists; update it instead.");
        }

        await DeploymentRules.ValidateAsync(spec, registry, monitoring.Value.MinimumWindowSeconds);
        var now = time.GetUtcNow();
        var created = new DeploymentRecord(Guid.NewGuid(), Name, spec, 1, now, now, caller.Name);
        try
        {
            await SaveAsync(caller, created, RegistryEventTypes.DeploymentCreated, "deployment.created", null);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw MLOpsException.Conflict($"A deployment named '{Name}' already exists; update it instead.");
        }
    }

    public async Task<int> UpdateAsync(Caller caller, DeploymentSpec spec)
    {
        caller.Require(Roles.Contributor, "updating a deployment");
        var current = _deployment ?? throw MLOpsException.NotFound($"No deployment is named '{Name}'.");
        await DeploymentRules.ValidateAsync(spec, registry, monitoring.Value.MinimumWindowSeconds);
        var updated = current with { Spec = spec, Revision = current.Revision + 1, UpdatedAt = time.GetUtcNow(), CreatedBy = caller.Name };
        await SaveAsync(caller, updated, RegistryEventTypes.DeploymentUpdated, "deployment.updated", current);
        return updated.Revision;
    }

    public async Task DeleteAsync(Caller caller)
    {
        caller.Require(Roles.Contributor, "deleting a deployment");
        var current = _deployment ?? throw MLOpsException.NotFound($"No deployment is named '{Name}'.");
        RegistryEventNotice notice;
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await DeploymentStore.DeleteAsync(tx, current.Id, time.GetUtcNow(), default);
            await RegistryWriter.AppendAuditAsync(tx, new AuditEntry(caller.Name, "deployment.deleted", null, null, null, View(current), null), default);
            notice = await RegistryEvents.AppendAsync(tx, RegistryEventTypes.DeploymentDeleted, null, null, caller.Name, new { deployment = Name });
            await tx.CommitAsync();
        }

        _deployment = null;
        await RegistryEvents.PublishAsync(this, [notice]);
        DeactivateOnIdle();
    }

    private async Task SaveAsync(Caller caller, DeploymentRecord next, string type, string action, DeploymentRecord? before)
    {
        RegistryEventNotice notice;
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await DeploymentStore.SaveAsync(tx, next, default);
            await RegistryWriter.AppendAuditAsync(tx, new AuditEntry(caller.Name, action, null, null, null, before is null ? null : View(before), View(next)), default);
            notice = await RegistryEvents.AppendAsync(tx, type, null, null, caller.Name, new { deployment = Name, revision = next.Revision });
            await tx.CommitAsync();
        }

        _deployment = next;
        await RegistryEvents.PublishAsync(this, [notice]);
    }

    private static object View(DeploymentRecord d) => new { name = d.Name, revision = d.Revision, spec = d.Spec };
}
