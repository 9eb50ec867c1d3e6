using System.Buffers;
using System.Text.Json;

namespace MLOps.Client.Internal;

/// <summary>The batch the sender is filling: at most 1000 metrics, 100 params and 100 tags, the server's limits.</summary>
internal sealed class PendingBatch
{
    public const int MaxMetrics = 1000;
    public const int MaxParams = 100;
    public const int MaxTags = 100;

    private readonly List<LogItem> _metrics = [];
    private readonly List<LogItem> _params = [];
    private readonly List<LogItem> _tags = [];

    public bool IsEmpty => _metrics.Count == 0 && _params.Count == 0 && _tags.Count == 0;

    /// <summary>True when one of the lists reached its limit: the batch goes now.</summary>
    public bool IsFull => _metrics.Count == MaxMetrics || _params.Count == MaxParams || _tags.Count == MaxTags;

    /// <summary>When the first item arrived, for the sender's wait for more.</summary>
    public long StartedAt { get; private set; }

    public void Add(LogItem item)
    {
        if (IsEmpty)
        {
            StartedAt = Environment.TickCount64;
        }

        (item.Kind switch
        {
            LogItemKind.Metric => _metrics,
            LogItemKind.Param => _params,
            _ => _tags,
        }).Add(item);
    }

    public string Describe() => $"{_metrics.Count} metric points, {_params.Count} params and {_tags.Count} tags";

    /// <summary>The REST logBatch body with this batch id.</summary>
    public byte[] ToJson(string batchId)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (_metrics.Count * 80));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("batch_id", batchId);
            writer.WriteStartArray("metrics");
            foreach (var metric in _metrics)
            {
                writer.WriteStartObject();
                writer.WriteString("key", metric.Key);
                writer.WritePropertyName("value");
                TensorJson.WriteFloating(writer, metric.Value);
                writer.WriteNumber("step", metric.Step);
                writer.WriteNumber("timestamp", metric.TimestampMs);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WritePairs(writer, "params", _params);
            WritePairs(writer, "tags", _tags);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public void Clear()
    {
        _metrics.Clear();
        _params.Clear();
        _tags.Clear();
    }

    private static void WritePairs(Utf8JsonWriter writer, string name, List<LogItem> pairs)
    {
        writer.WriteStartArray(name);
        foreach (var pair in pairs)
        {
            writer.WriteStartObject();
            writer.WriteString("key", pair.Key);
            writer.WriteString("value", pair.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
