using System.Globalization;

namespace MLOps.AppHost.Resources;

/// <summary>Waits until a starting Azurite answers HTTP on its blob endpoint (any status: a 403 is an answer).</summary>
internal static class AzuriteReadiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task WaitAsync(ManagedProcess process, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{AzuriteServer.AccountName}?comp=list");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new ResourceStartException(
                        $"Azurite exited with code {await process.Exited} while starting on port {port}:{Environment.NewLine}{process.RecentOutput}");
                }

                try
                {
                    using var response = await Http.GetAsync(probe, deadline.Token);
                    return;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ResourceStartException(
                $"Azurite did not answer on port {port} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{process.RecentOutput}", e);
        }
    }
}
