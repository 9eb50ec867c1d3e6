using MLOps.Storage.Identity;

namespace MLOps.Server.Hosting;

/// <summary>
/// Ensures the admin key named by Identity:BootstrapAdminKey exists (only its hash is stored), so a fresh
/// platform has one key to create the others with. The AppHost generates and prints it in development.
/// </summary>
public sealed class IdentityBootstrapper(ApiKeyStore keys, IConfiguration configuration) : IHostedService
{
    public const string ConfigurationKey = "Identity:BootstrapAdminKey";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(key))
        {
            await keys.EnsureBootstrapKeyAsync(key, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
