namespace MLOps.Contracts.Cluster;

/// <summary>
/// Reads the cluster's membership as PostgreSQL holds it: every silo that has joined this cluster id,
/// including the ones since declared dead. A stateless worker, so any silo answers locally.
/// </summary>
[Alias("mlops.cluster.IClusterMembershipGrain")]
public interface IClusterMembershipGrain : IGrainWithIntegerKey
{
    /// <summary>The silos of this cluster, newest first.</summary>
    [Alias("GetSilos")]
    Task<IReadOnlyList<SiloInfo>> GetSilosAsync();
}
