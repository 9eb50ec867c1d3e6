namespace MLOps.Client.Internal;

/// <summary>
/// One entry of a run's log queue: a metric point, a param or a tag, or a flush marker that the sender completes
/// once everything queued before it was sent.
/// </summary>
internal readonly record struct LogItem(LogItemKind Kind, string Key, string? Text, double Value, long Step, long TimestampMs, TaskCompletionSource? Flushed)
{
    public static LogItem Metric(string key, double value, long step, DateTimeOffset timestamp) =>
        new(LogItemKind.Metric, key, null, value, step, timestamp.ToUnixTimeMilliseconds(), null);

    public static LogItem Param(string key, string value) => new(LogItemKind.Param, key, value, 0, 0, 0, null);

    public static LogItem Tag(string key, string value) => new(LogItemKind.Tag, key, value, 0, 0, 0, null);

    public static LogItem Flush(TaskCompletionSource flushed) => new(LogItemKind.Flush, "", null, 0, 0, 0, flushed);
}
