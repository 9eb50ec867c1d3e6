namespace MLOps.Client.Internal;

/// <summary>What a <see cref="LogItem"/> is.</summary>
internal enum LogItemKind
{
    Metric,
    Param,
    Tag,
    Flush,
}
