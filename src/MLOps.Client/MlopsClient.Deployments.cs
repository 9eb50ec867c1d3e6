using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>Every deployment.</summary>
    public async Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(CancellationToken cancellationToken = default)
    {
        var data = await _http.GraphQLAsync("{ deployments { " + Deployment.Fields + " } }", null, cancellationToken);
        return data.List("deployments", Deployment.Read);
    }

    /// <summary>The deployment with this name, or null.</summary>
    public async Task<Deployment?> GetDeploymentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var data = await _http.GraphQLAsync("query($name: String!) { deployment(name: $name) { " + Deployment.Fields + " } }", new { name }, cancellationToken);
        return data.Optional("deployment") is { } deployment ? Deployment.Read(deployment) : null;
    }

    /// <summary>Creates a deployment served at /v2/models/{name}/infer.</summary>
    /// <exception cref="MlopsException">CONFLICT when the name is taken; NOT_FOUND or VALIDATION for a bad route.</exception>
    public Task<Deployment> CreateDeploymentAsync(string name, IEnumerable<DeploymentRoute> routes, CancellationToken cancellationToken = default) =>
        SaveDeploymentAsync("createDeployment", name, routes, cancellationToken);

    /// <summary>Replaces a deployment's routes; every replica switches within about a second, without failed requests.</summary>
    public Task<Deployment> UpdateDeploymentAsync(string name, IEnumerable<DeploymentRoute> routes, CancellationToken cancellationToken = default) =>
        SaveDeploymentAsync("updateDeployment", name, routes, cancellationToken);

    /// <summary>Creates the deployment with these routes, or replaces the routes of the existing one.</summary>
    public async Task<Deployment> CreateOrUpdateDeploymentAsync(string name, IEnumerable<DeploymentRoute> routes, CancellationToken cancellationToken = default)
    {
        var list = routes?.ToArray() ?? throw new ArgumentNullException(nameof(routes));
        if (await GetDeploymentAsync(name, cancellationToken) is not null)
        {
            return await UpdateDeploymentAsync(name, list, cancellationToken);
        }

        try
        {
            return await CreateDeploymentAsync(name, list, cancellationToken);
        }
        catch (MlopsException e) when (e.Code == MlopsErrorCodes.Conflict)
        {
            return await UpdateDeploymentAsync(name, list, cancellationToken);
        }
    }

    /// <summary>
    /// Creates or updates a deployment with one route: to <paramref name="version"/> of the model, or to whatever
    /// version <paramref name="alias"/> points at (give one of the two).
    /// </summary>
    public Task<Deployment> CreateOrUpdateDeploymentAsync(
        string name, string modelName, int? version = null, string? alias = null, CancellationToken cancellationToken = default)
    {
        if ((version is null) == (alias is null))
        {
            throw new ArgumentException("Give either a version or an alias for the route.", nameof(version));
        }

        return CreateOrUpdateDeploymentAsync(name, [new DeploymentRoute(modelName, version, alias)], cancellationToken);
    }

    /// <summary>Deletes a deployment; its endpoint stops answering.</summary>
    public async Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await _http.GraphQLAsync("mutation($name: String!) { deleteDeployment(name: $name) }", new { name }, cancellationToken);
    }

    /// <summary>
    /// Waits until the server answers for the deployment (a new deployment reaches every replica's route table
    /// within about a second), polling /v2/models/{name}/ready.
    /// </summary>
    /// <exception cref="MlopsException">The deployment was not ready within <paramref name="timeout"/> (default 30 seconds).</exception>
    public async Task WaitForDeploymentAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/models/{Uri.EscapeDataString(name)}/ready");
            try
            {
                await _http.SendForJsonAsync(request, cancellationToken);
                return;
            }
            catch (MlopsException e) when ((e.Code == MlopsErrorCodes.NotFound || e.IsTransient) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task<Deployment> SaveDeploymentAsync(string mutation, string name, IEnumerable<DeploymentRoute> routes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(routes);
        var data = await _http.GraphQLAsync(
            $"mutation($name: String!, $routes: [RouteInput!]!) {{ {mutation}(name: $name, routes: $routes) {{ {Deployment.Fields} }} }}",
            new { name, routes = routes.Select(r => new { modelName = r.ModelName, version = r.Version, alias = r.Alias, weight = r.Weight, mode = r.Mode }).ToArray() },
            cancellationToken);
        return Deployment.Read(data.GetProperty(mutation));
    }
}
