namespace MLOps.IntegrationTests.Fixtures;

[CollectionDefinition(Name)]
public sealed class MonitoringCollection : ICollectionFixture<MonitoringFixture>
{
    public const string Name = "monitoring";
}
