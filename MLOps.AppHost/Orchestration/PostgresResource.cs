using System.Security.Cryptography;
using MLOps.AppHost.Resources;

namespace MLOps.AppHost.Orchestration;

/// <summary>
/// A durable PostgreSQL server whose data and port survive between runs. The superuser password is generated
/// on the first run and kept next to the data directory ({data directory}.password, mode 0600); it is never printed.
/// </summary>
internal sealed class PostgresResource(string name, AppHostContext context) : RunnableResource(name)
{
    private readonly List<string> _databases = [];
    private string _dataDirectory = context.ResolvePath(Path.Combine(".data", name));
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException($"{Name} is not running.");

    public PostgresResource WithDataDirectory(string path)
    {
        _dataDirectory = context.ResolvePath(path);
        return this;
    }

    /// <summary>A database created on start when missing, reached as ConnectionStrings__{name}.</summary>
    public PostgresDatabaseResource AddDatabase(string name, string databaseName)
    {
        _databases.Add(databaseName);
        return new PostgresDatabaseResource(name, databaseName, this);
    }

    public override Task PrepareAsync(CancellationToken cancellationToken) =>
        PostgresServer.CheckPrerequisitesAsync(_dataDirectory, cancellationToken);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await PostgresServer.StartAsync(
            new PostgresServerOptions
            {
                DataDirectory = _dataDirectory,
                Databases = _databases,
                Password = await LoadOrCreatePasswordAsync(cancellationToken),
                Durable = true,
                Log = context.LogFor(Name),
            },
            cancellationToken);
        context.Output.Ready(
            Name,
            $"postgresql://postgres@127.0.0.1:{_server.Port} (databases: {string.Join(", ", _databases)}; data: {Path.GetRelativePath(context.RepositoryRoot, _dataDirectory)})");
    }

    public override async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public override void Kill() => _server?.SignalStop();

    private async Task<string> LoadOrCreatePasswordAsync(CancellationToken cancellationToken)
    {
        var file = $"{_dataDirectory}.password";
        if (File.Exists(file))
        {
            return (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        }

        if (Directory.Exists(_dataDirectory) && Directory.EnumerateFileSystemEntries(_dataDirectory).Any())
        {
            throw new ResourceStartException(
                $"The password of the cluster in {_dataDirectory} was kept in {file}, which is missing; restore it, or delete {_dataDirectory} to start over with a new cluster.");
        }

        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var password = RandomNumberGenerator.GetString(Alphabet, 32);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var owner = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            owner.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var writer = new StreamWriter(file, owner);
        await writer.WriteLineAsync(password.AsMemory(), cancellationToken);
        return password;
    }
}
