namespace MLOps.AppHost.Orchestration;

/// <summary>The blob service of an <see cref="AzuriteResource"/> ("artifacts"), like Aspire's AddBlobs.</summary>
internal sealed class AzuriteBlobsResource(string name, AzuriteResource storage) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    public RunnableResource Owner => storage;

    public string GetConnectionString() => storage.Server.ConnectionString;
}
