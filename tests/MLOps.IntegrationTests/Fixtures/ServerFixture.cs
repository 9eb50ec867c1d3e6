namespace MLOps.IntegrationTests.Fixtures;

/// <summary>One in-process server on its own database, shared by the tests of a collection.</summary>
public sealed class ServerFixture : InfrastructureFixture
{
    public ServerFactory Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var database = await CreateDatabaseAsync("server");
        Server = new ServerFactory(database, ArtifactsConnectionString, "cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Client = Server.StartAndCreateClient();
    }

    public override async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
