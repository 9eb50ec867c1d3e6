using MLOps.Contracts.Serving;

namespace MLOps.Storage.Deployments;

/// <summary>A live deployment as stored.</summary>
public sealed record DeploymentRecord(Guid Id, string Name, DeploymentSpec Spec, int Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string CreatedBy);

/// <summary>One revision of a deployment's spec: its route history.</summary>
public sealed record DeploymentRevisionRecord(int Revision, DeploymentSpec Spec, DateTimeOffset ChangedAt, string ChangedBy);
