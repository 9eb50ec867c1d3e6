namespace MLOps.IntegrationTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "registry";
}
