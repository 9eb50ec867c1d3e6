using MLOps.AppHost.Resources;

namespace MLOps.AppHost.Orchestration;

/// <summary>Azurite's blob service, where Aspire would run the Azure Storage emulator container.</summary>
internal sealed class AzuriteResource(string name, AppHostContext context) : RunnableResource(name)
{
    private string _dataDirectory = context.ResolvePath(Path.Combine(".data", name));
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException($"{Name} is not running.");

    public AzuriteResource WithDataDirectory(string path)
    {
        _dataDirectory = context.ResolvePath(path);
        return this;
    }

    /// <summary>The blob service, reached as ConnectionStrings__{name}.</summary>
    public AzuriteBlobsResource AddBlobs(string name) => new(name, this);

    public override Task PrepareAsync(CancellationToken cancellationToken) =>
        AzuriteServer.PrepareAsync(context.RepositoryRoot, context.LogFor(Name), cancellationToken);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await AzuriteServer.StartAsync(
            new AzuriteServerOptions
            {
                DataDirectory = _dataDirectory,
                Port = LoopbackPort.PreferOrFree(context.Options.StoragePort),
                RepositoryRoot = context.RepositoryRoot,
                Log = context.LogFor(Name),
            },
            cancellationToken);
        context.Output.Ready(Name, $"{_server.BlobEndpoint} (blob service; data: {Path.GetRelativePath(context.RepositoryRoot, _dataDirectory)})");
    }

    public override async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public override void Kill() => _server?.SignalStop();
}
