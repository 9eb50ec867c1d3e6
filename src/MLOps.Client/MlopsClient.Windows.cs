using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    // A page of full windows (features, quality and performance) stays well inside the server's query complexity limit.
    private const int WindowPageSize = 100;

    /// <summary>
    /// The deployment's monitoring windows starting in [<paramref name="from"/>, <paramref name="to"/>), oldest
    /// first, one per model version and window, fetched a page at a time. Open windows show their last checkpoint;
    /// poll until <see cref="MonitoringWindow.Closed"/> for the final figures, or use <see cref="GetLiveWindowsAsync"/>.
    /// </summary>
    /// <param name="deployment">The deployment.</param>
    /// <param name="from">Earliest window start; default 24 hours before <paramref name="to"/>.</param>
    /// <param name="to">Window starts before this; default now.</param>
    /// <param name="modelName">Only windows of this model.</param>
    /// <param name="version">Only windows of this model version.</param>
    /// <param name="first">At most this many windows (default 1000).</param>
    /// <param name="includePerformance">Whether to compute each window's performance from its labelled predictions (a query per window).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment.</exception>
    public async Task<IReadOnlyList<MonitoringWindow>> GetWindowsAsync(
        string deployment, DateTimeOffset? from = null, DateTimeOffset? to = null, string? modelName = null, int? version = null, int first = 1_000,
        bool includePerformance = true, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        var end = to ?? DateTimeOffset.UtcNow;
        var start = from ?? end.AddDays(-1);
        var windows = new List<MonitoringWindow>();
        var seen = new HashSet<(DateTimeOffset, string, int)>();
        while (true)
        {
            // Each page starts at the last page's last start again (other versions' windows may share it); windows already read are skipped.
            var wanted = Math.Min(WindowPageSize, first - windows.Count + windows.Count(w => w.Start == start));
            var page = await WindowPageAsync(deployment, start, end, modelName, version, wanted, includePerformance, cancellationToken);
            var fresh = page.Where(w => seen.Add((w.Start, w.ModelName, w.Version))).Take(first - windows.Count).ToList();
            windows.AddRange(fresh);
            if (page.Count < wanted || fresh.Count == 0 || windows.Count >= first)
            {
                return windows;
            }

            start = page[^1].Start;
        }
    }

    /// <summary>The open window of each monitored model version, evaluated now against its reference.</summary>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment.</exception>
    public async Task<IReadOnlyList<MonitoringWindow>> GetLiveWindowsAsync(string deployment, bool includePerformance = false, CancellationToken cancellationToken = default)
    {
        var found = await DeploymentPartAsync(
            deployment, "monitoring { liveWindows { " + MonitoringWindow.Fields + " } }", cancellationToken,
            ", $withPerformance: Boolean!", new Dictionary<string, object?> { ["withPerformance"] = includePerformance });
        return found.GetProperty("monitoring").List("liveWindows", MonitoringWindow.Read);
    }

    private async Task<IReadOnlyList<MonitoringWindow>> WindowPageAsync(
        string deployment, DateTimeOffset from, DateTimeOffset to, string? modelName, int? version, int first, bool includePerformance, CancellationToken cancellationToken)
    {
        var found = await DeploymentPartAsync(
            deployment,
            "monitoring { windows(from: $from, to: $to, modelName: $modelName, version: $version, first: $first) { " + MonitoringWindow.Fields + " } }",
            cancellationToken,
            ", $from: DateTimeOffset, $to: DateTimeOffset, $modelName: String, $version: Int, $first: Int, $withPerformance: Boolean!",
            new Dictionary<string, object?>
            {
                ["from"] = from,
                ["to"] = to,
                ["modelName"] = modelName,
                ["version"] = version,
                ["first"] = first,
                ["withPerformance"] = includePerformance,
            });
        return found.GetProperty("monitoring").List("windows", MonitoringWindow.Read);
    }
}
