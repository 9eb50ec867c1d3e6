using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>
    /// Creates an alert rule on the deployment, or replaces its rule of the same name. Rules are judged on every
    /// closed window; alerts are raised once per rule and window, and resolved by the first window that clears them.
    /// </summary>
    /// <returns>The saved rule, with its id.</returns>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment, VALIDATION for an unknown metric or comparator, or FEATURE_DRIFT without a feature.</exception>
    public async Task<AlertRule> SetAlertRuleAsync(string deployment, AlertRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        ArgumentNullException.ThrowIfNull(rule);
        var data = await _http.GraphQLAsync(
            "mutation($deployment: String!, $rule: AlertRuleInput!) { setAlertRule(deployment: $deployment, rule: $rule) { " + AlertRule.Fields + " } }",
            new { deployment, rule = rule.ToInput() }, cancellationToken);
        return AlertRule.Read(data.GetProperty("setAlertRule"));
    }

    /// <summary>Deletes the deployment's alert rule of this name.</summary>
    /// <exception cref="MlopsException">NOT_FOUND when the deployment has no rule of that name.</exception>
    public async Task DeleteAlertRuleAsync(string deployment, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await _http.GraphQLAsync(
            "mutation($deployment: String!, $name: String!) { deleteAlertRule(deployment: $deployment, name: $name) }", new { deployment, name }, cancellationToken);
    }

    /// <summary>The deployment's alert rules.</summary>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment.</exception>
    public async Task<IReadOnlyList<AlertRule>> ListAlertRulesAsync(string deployment, CancellationToken cancellationToken = default)
    {
        var found = await DeploymentPartAsync(deployment, "monitoring { alertRules { " + AlertRule.Fields + " } }", cancellationToken);
        return found.GetProperty("monitoring").List("alertRules", AlertRule.Read);
    }

    /// <summary>The deployment's alerts, newest first.</summary>
    /// <param name="deployment">The deployment.</param>
    /// <param name="state">FIRING or RESOLVED (<see cref="AlertStates"/>); null for both.</param>
    /// <param name="first">At most this many, 1 to 1000 (default 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment.</exception>
    public async Task<IReadOnlyList<Alert>> GetAlertsAsync(string deployment, string? state = null, int first = 100, CancellationToken cancellationToken = default)
    {
        var found = await DeploymentPartAsync(
            deployment, "monitoring { alerts(state: $state, first: $first) { " + Alert.Fields + " } }", cancellationToken,
            ", $state: String, $first: Int", new Dictionary<string, object?> { ["state"] = state, ["first"] = first });
        return found.GetProperty("monitoring").List("alerts", Alert.Read);
    }
}
