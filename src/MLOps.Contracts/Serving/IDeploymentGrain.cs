using MLOps.Contracts.Identity;

namespace MLOps.Contracts.Serving;

/// <summary>
/// The single writer of one deployment (keyed by name): validates its routes against the registry and writes
/// the spec, a revision, the audit entry and a deployment event in one transaction. Every replica's route
/// table follows the event.
/// </summary>
[Alias("mlops.serving.IDeploymentGrain")]
public interface IDeploymentGrain : IGrainWithStringKey
{
    /// <summary>Creates the deployment; CONFLICT when the name is taken.</summary>
    [Alias("Create")]
    Task CreateAsync(Caller caller, DeploymentSpec spec);

    /// <summary>Replaces the deployment's spec (routes, batching, session) and returns the new revision.</summary>
    [Alias("Update")]
    Task<int> UpdateAsync(Caller caller, DeploymentSpec spec);

    /// <summary>Deletes the deployment; its name becomes free.</summary>
    [Alias("Delete")]
    Task DeleteAsync(Caller caller);
}
