using Npgsql;

namespace MLOps.AppHost.Resources;

/// <summary>Waits until a starting PostgreSQL server accepts a real connection.</summary>
internal static class PostgresReadiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public static async Task WaitAsync(
        ManagedProcess process, string connectionString, string dataDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new ResourceStartException(
                        $"PostgreSQL exited with code {await process.Exited} while starting in {dataDirectory}:{Environment.NewLine}{process.RecentOutput}");
                }

                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(deadline.Token);
                    return;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
                {
                    throw new ResourceStartException(
                        $"PostgreSQL in {dataDirectory} rejected the password ({e.MessageText}); use the password the cluster was created with or delete the data directory.", e);
                }
                catch (NpgsqlException) when (!deadline.IsCancellationRequested)
                {
                    // Not listening yet, or "the database system is starting up".
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or NpgsqlException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ResourceStartException(
                $"PostgreSQL in {dataDirectory} did not accept connections within {timeout.TotalSeconds:0} s:{Environment.NewLine}{process.RecentOutput}", e);
        }
    }
}
