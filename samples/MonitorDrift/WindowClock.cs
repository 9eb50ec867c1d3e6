namespace MLOps.Samples.MonitorDrift;

/// <summary>Monitoring windows start at multiples of their length since 1970-01-01 UTC, as the server cuts them.</summary>
internal static class WindowClock
{
    public static DateTimeOffset StartOf(DateTimeOffset time, int windowSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds() / windowSeconds * windowSeconds);

    /// <summary>
    /// The start of the next window that is at least <paramref name="lead"/> away, so that settings just saved have
    /// reached every replica before the window's first request.
    /// </summary>
    public static DateTimeOffset NextStart(DateTimeOffset now, int windowSeconds, TimeSpan lead)
    {
        var next = StartOf(now, windowSeconds).AddSeconds(windowSeconds);
        return next - now < lead ? next.AddSeconds(windowSeconds) : next;
    }
}
