namespace MLOps.Monitoring.Windows;

/// <summary>Request counts, failures and latency in a <see cref="WindowProfile"/>.</summary>
public sealed partial class WindowProfile
{
    /// <summary>Request latency in milliseconds at rank <paramref name="q"/>, or null when no request was recorded.</summary>
    /// <param name="q">Rank in [0, 1].</param>
    public double? LatencyQuantile(double q) => _latency.Count == 0 ? null : _latency.Quantile(q);

    /// <summary>Records <paramref name="count"/> requests served together, each taking <paramref name="latencyMilliseconds"/>.</summary>
    /// <param name="count">Number of requests, not negative.</param>
    /// <param name="failed">How many of them failed, at most <paramref name="count"/>.</param>
    /// <param name="latencyMilliseconds">The latency of each request, finite and not negative.</param>
    public void RecordRequests(int count, int failed, double latencyMilliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(failed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failed, count);
        if (!double.IsFinite(latencyMilliseconds) || latencyMilliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(latencyMilliseconds), latencyMilliseconds, "VALIDATION: latency must be a finite, non-negative number of milliseconds.");
        }

        RequestCount += count;
        FailedRequestCount += failed;
        for (var i = 0; i < count; i++)
        {
            _latency.Add(latencyMilliseconds);
        }
    }
}
