namespace MLOps.IntegrationTests.Fixtures;

/// <summary>Infrastructure of its own: the deployment contract test turns TLS on in its PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "deployment";
}
