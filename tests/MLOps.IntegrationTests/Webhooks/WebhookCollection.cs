using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Webhooks;

/// <summary>Webhook tests share one PostgreSQL; each test has a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "webhooks";
}
