using Azure.Core;

namespace MLOps.Server.Hosting;

/// <summary>
/// Keeps a PostgreSQL password file holding a current Microsoft Entra access token, for connections that
/// only have a connection string to go on (the Orleans ADO.NET providers). Written before the silo starts,
/// rewritten well inside the token's lifetime, readable by this user only, deleted on shutdown. Tokens are
/// never logged.
/// </summary>
public sealed partial class EntraPassfileRefresher(
    PostgresConnection connection, TokenCredential credential, ILogger<EntraPassfileRefresher> logger) : IHostedService, IDisposable
{
    public const string Scope = "https://ossrdbms-aad.database.windows.net/.default";

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(20);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (connection.PassfilePath is null)
        {
            return;
        }

        await WriteAsync(cancellationToken);
        _loop = RefreshLoopAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Nothing runs unless Entra is in use; and a host may stop its services more than once.
        if (_loop is null)
        {
            return;
        }

        var loop = _loop;
        _loop = null;
        await _stopping.CancelAsync();
        await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        if (connection.PassfilePath is not null)
        {
            File.Delete(connection.PassfilePath);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Fetches a token and atomically replaces the password file with it.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var path = connection.PassfilePath!;
        var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
        var staging = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(staging, options))
        await using (var writer = new StreamWriter(file))
        {
            // host:port:database:user:password, every field a wildcard: this file serves one connection string.
            await writer.WriteLineAsync("*:*:*:*:" + Escape(token.Token));
        }

        File.Move(staging, path, overwrite: true);
        LogRefreshed(token.ExpiresOn);
    }

    private async Task RefreshLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await WriteAsync(stopping);
                }
                catch (Exception e) when (e is Azure.Identity.AuthenticationFailedException or IOException or Azure.RequestFailedException)
                {
                    LogRefreshFailed(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static string Escape(string value) => value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace(":", @"\:", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL Entra token refreshed for the Orleans providers; it expires at {ExpiresOn:u}")]
    private partial void LogRefreshed(DateTimeOffset expiresOn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not refresh the PostgreSQL Entra token; the current one stays in use until it expires: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}
