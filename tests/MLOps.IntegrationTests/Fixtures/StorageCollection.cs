namespace MLOps.IntegrationTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "storage";
}
