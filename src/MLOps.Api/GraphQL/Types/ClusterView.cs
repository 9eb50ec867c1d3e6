using MLOps.Contracts.Cluster;

namespace MLOps.Api.GraphQL.Types;

/// <summary>The cluster as the API shows it: its ids and its silos.</summary>
public sealed record ClusterView(string ClusterId, string ServiceId, IReadOnlyList<SiloInfo> Silos);
