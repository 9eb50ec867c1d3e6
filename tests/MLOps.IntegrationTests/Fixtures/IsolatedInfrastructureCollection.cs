namespace MLOps.IntegrationTests.Fixtures;

/// <summary>
/// Tests that stop PostgreSQL or watch process-wide telemetry get infrastructure of their own, so they never
/// disturb (or see) the other collections running in parallel.
/// </summary>
[CollectionDefinition(Name)]
public sealed class IsolatedInfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "isolated-infrastructure";
}
