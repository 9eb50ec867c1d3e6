using System.Globalization;
using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Monitoring;
using MLOps.Contracts.Registry;
using MLOps.Grains.Registry;
using MLOps.Storage.Events;
using MLOps.Storage.Monitoring;
using MLOps.Storage.Registry;
using Npgsql;

namespace MLOps.Grains.Monitoring;

/// <summary>Single writer of one deployment's alert rules and alerts; see <see cref="IDeploymentMonitorGrain"/>.</summary>
public sealed class DeploymentMonitorGrain(NpgsqlDataSource dataSource, AlertStore alerts, TimeProvider time) : Grain, IDeploymentMonitorGrain
{
    private const string Actor = "monitoring";

    private string Deployment => this.GetPrimaryKeyString();

    public async Task<Guid> SetRuleAsync(Caller caller, AlertRuleSpec rule)
    {
        caller.Require(Roles.Contributor, "setting an alert rule");
        MonitoringRules.Validate(rule);
        var record = new AlertRuleRecord(Guid.NewGuid(), Deployment, rule.Name, rule.Metric, string.IsNullOrWhiteSpace(rule.Feature) ? null : rule.Feature,
            rule.Comparator, rule.Threshold, rule.MinSamples, time.GetUtcNow(), caller.Name);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var id = await AlertStore.SaveRuleAsync(tx, record, default);
        await RegistryWriter.AppendAuditAsync(tx, new AuditEntry(caller.Name, "alert_rule.set", null, null, null, null, new { deployment = Deployment, rule }), default);
        await tx.CommitAsync();
        return id;
    }

    public async Task DeleteRuleAsync(Caller caller, string name)
    {
        caller.Require(Roles.Contributor, "deleting an alert rule");
        var now = time.GetUtcNow();
        var notices = new List<AlertNotice>();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var id = await AlertStore.DeleteRuleAsync(tx, Deployment, name, now, default)
                ?? throw MLOpsException.NotFound($"Deployment '{Deployment}' has no alert rule named '{name}'.");

            // A deleted rule's firing alerts are resolved, so nothing stays FIRING with no rule to clear it.
            foreach (var open in (await AlertStore.ListFiringAsync(tx, Deployment, default)).Where(a => a.RuleId == id))
            {
                if (await AlertStore.ResolveAsync(tx, open.Id, open.Value, now, default))
                {
                    var resolved = open with { State = "RESOLVED", ResolvedAt = now, ResolvedValue = open.Value, Message = $"Resolved: rule '{name}' was deleted." };
                    notices.Add(await AppendAsync(tx, resolved, RegistryEventTypes.AlertResolved, open.ModelName, open.Version, now));
                }
            }

            await RegistryWriter.AppendAuditAsync(tx, new AuditEntry(caller.Name, "alert_rule.deleted", null, null, null, new { deployment = Deployment, name }, null), default);
            await tx.CommitAsync();
        }

        await PublishAsync(notices);
    }

    public async Task WindowClosedAsync(ClosedWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var rules = await alerts.ListRulesAsync(Deployment, default);
        if (rules.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var notices = new List<AlertNotice>();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var firing = (await AlertStore.ListFiringAsync(tx, Deployment, default))
                .Where(a => a.ModelName == window.ModelName && a.Version == window.Version)
                .ToDictionary(a => a.RuleId);
            foreach (var rule in rules)
            {
                if (AlertEvaluation.Judge(rule, window) is not { } judgement)
                {
                    continue;
                }

                firing.TryGetValue(rule.Id, out var open);
                if (judgement.Breached && open is not null)
                {
                    await AlertStore.TouchAsync(tx, open.Id, window.WindowStart, default);
                }
                else if (judgement.Breached)
                {
                    var message = AlertEvaluation.Describe(rule, window, judgement.Value);
                    var raised = new AlertRecord(0, rule.Id, rule.Name, rule.Metric, rule.Feature, Deployment, window.ModelName, window.Version, "FIRING",
                        judgement.Value, rule.Threshold, window.WindowStart, window.WindowEnd, window.WindowStart, message, now, null, null);
                    if (await AlertStore.RaiseAsync(tx, raised, default) is { } id)
                    {
                        notices.Add(await AppendAsync(tx, raised with { Id = id }, RegistryEventTypes.AlertRaised, window.ModelName, window.Version, now));
                    }
                }
                else if (open is not null && await AlertStore.ResolveAsync(tx, open.Id, judgement.Value, now, default))
                {
                    var resolved = open with
                    {
                        State = "RESOLVED",
                        ResolvedAt = now,
                        ResolvedValue = judgement.Value,
                        Message = string.Create(CultureInfo.InvariantCulture,
                            $"Resolved: {rule.Metric} is {judgement.Value:G4} in the window from {window.WindowStart:u}, back on the right side of {rule.Threshold:G4}."),
                    };
                    notices.Add(await AppendAsync(tx, resolved, RegistryEventTypes.AlertResolved, window.ModelName, window.Version, now));
                }
            }

            await tx.CommitAsync();
        }

        await PublishAsync(notices);
    }

    private async Task PublishAsync(List<AlertNotice> notices)
    {
        var stream = this.GetStreamProvider(RegistryStreams.ProviderName)
            .GetStream<MonitoringNotice>(StreamId.Create(MonitoringStreams.Namespace, MonitoringStreams.Key));
        foreach (var notice in notices)
        {
            await stream.OnNextAsync(new MonitoringNotice(notice, null));
        }
    }

    /// <summary>Appends the alert's webhook event in the same transaction and returns its stream notice.</summary>
    private async Task<AlertNotice> AppendAsync(NpgsqlTransaction tx, AlertRecord alert, string type, string modelName, int version, DateTimeOffset at)
    {
        var notice = new AlertNotice(alert.Id, Deployment, alert.RuleId, alert.RuleName, alert.Metric, alert.Feature, alert.State, alert.ResolvedValue ?? alert.Value,
            alert.Threshold, alert.WindowStart, alert.WindowEnd, alert.Message, at);
        await RegistryEvents.AppendAsync(tx, type, modelName, version, Actor, notice);
        return notice;
    }
}
