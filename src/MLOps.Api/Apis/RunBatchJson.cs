using System.Text.Json;
using MLOps.Contracts;
using MLOps.Contracts.Tracking;
using MLOps.Inference.Protocol;

namespace MLOps.Api.Apis;

/// <summary>
/// Reads the REST logBatch body straight from UTF-8 into a <see cref="RunBatch"/>, without intermediate objects:
/// {"batch_id": "...", "metrics": [{"key", "value", "step", "timestamp"}], "params": [{"key", "value"}], "tags": [...]}.
/// Timestamps are milliseconds since the Unix epoch (as MLflow's); values may be numbers or "NaN", "Infinity",
/// "-Infinity". Any other property is refused, so a misspelt field is not silently dropped.
/// </summary>
public static class RunBatchJson
{
    /// <summary>Reads a body of at most <paramref name="maxBytes"/> bytes from the stream and parses it.</summary>
    /// <exception cref="MLOpsException">LIMIT_EXCEEDED for a body over the limit, VALIDATION for anything malformed.</exception>
    public static Task<RunBatch> ReadAsync(Stream body, int maxBytes, DateTimeOffset now, CancellationToken cancellationToken) =>
        BoundedBody.ReadAsync(
            body,
            maxBytes,
            json => Parse(json, now),
            () => new MLOpsException(ErrorCodes.LimitExceeded, $"A batch body is at most {maxBytes} bytes."),
            cancellationToken);

    /// <summary>Parses a UTF-8 JSON body; metrics without a timestamp get <paramref name="now"/>.</summary>
    /// <exception cref="MLOpsException">VALIDATION naming what is wrong and where.</exception>
    public static RunBatch Parse(ReadOnlySpan<byte> json, DateTimeOffset now)
    {
        if (json.IsEmpty)
        {
            throw MLOpsException.Invalid("The batch body is empty; send {\"metrics\": [...], \"params\": [...], \"tags\": [...]}.");
        }

        var reader = new Utf8JsonReader(json);
        try
        {
            string? batchId = null;
            List<MetricPoint> metrics = [];
            List<KeyValue> parameters = [];
            List<KeyValue> tags = [];
            Expect(ref reader, JsonTokenType.StartObject, "the batch");
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                Next(ref reader);
                switch (property)
                {
                    case "batch_id":
                        batchId = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, "batch_id");
                        break;
                    case "metrics":
                        ReadArray(ref reader, "metrics", (ref Utf8JsonReader r, int i) => metrics.Add(ReadMetric(ref r, i, now)));
                        break;
                    case "params":
                        ReadArray(ref reader, "params", (ref Utf8JsonReader r, int i) => parameters.Add(ReadPair(ref r, "param", i)));
                        break;
                    case "tags":
                        ReadArray(ref reader, "tags", (ref Utf8JsonReader r, int i) => tags.Add(ReadPair(ref r, "tag", i)));
                        break;
                    default:
                        throw MLOpsException.Invalid($"The batch has an unknown property '{property}'; it takes batch_id, metrics, params and tags.");
                }
            }

            if (reader.Read())
            {
                throw MLOpsException.Invalid($"The batch has content after its JSON object, at byte {reader.TokenStartIndex}.");
            }

            return new RunBatch(batchId, metrics, parameters, tags);
        }
        catch (JsonException e)
        {
            throw MLOpsException.Invalid($"The batch is not valid JSON: the error is at byte {e.BytePositionInLine} of line {e.LineNumber + 1}.");
        }
    }

    private delegate void ItemReader(ref Utf8JsonReader reader, int index);

    private static void ReadArray(ref Utf8JsonReader reader, string name, ItemReader item)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw MLOpsException.Invalid($"'{name}' must be an array.");
        }

        var index = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            item(ref reader, index++);
        }
    }

    private static MetricPoint ReadMetric(ref Utf8JsonReader reader, int index, DateTimeOffset now)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"metric #{index + 1}");
        string? key = null;
        double? value = null;
        long step = 0;
        var timestamp = now;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            Next(ref reader);
            switch (property)
            {
                case "key":
                    key = ReadString(ref reader, $"metric #{index + 1} key");
                    break;
                case "value":
                    value = ReadDouble(ref reader, key, index);
                    break;
                case "step":
                    step = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s)
                        ? s : throw MLOpsException.Invalid($"Metric #{index + 1} has a step that is not a whole number.");
                    break;
                case "timestamp":
                    timestamp = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms is >= 0 and <= 253_402_300_799_999
                        ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                        : throw MLOpsException.Invalid($"Metric #{index + 1} has a timestamp that is not milliseconds since 1970-01-01 UTC.");
                    break;
                default:
                    throw MLOpsException.Invalid($"Metric #{index + 1} has an unknown property '{property}'; metrics take key, value, step and timestamp.");
            }
        }

        return new MetricPoint(
            key ?? throw MLOpsException.Invalid($"Metric #{index + 1} has no key."),
            value ?? throw MLOpsException.Invalid($"Metric '{key}' (#{index + 1}) has no value."),
            step,
            timestamp);
    }

    private static KeyValue ReadPair(ref Utf8JsonReader reader, string what, int index)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"{what} #{index + 1}");
        string? key = null;
        string? value = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            Next(ref reader);
            switch (property)
            {
                case "key":
                    key = ReadString(ref reader, $"{what} #{index + 1} key");
                    break;
                case "value":
                    value = ReadString(ref reader, $"{what} #{index + 1} value");
                    break;
                default:
                    throw MLOpsException.Invalid($"The {what} #{index + 1} has an unknown property '{property}'; it takes key and value.");
            }
        }

        return new KeyValue(
            key ?? throw MLOpsException.Invalid($"The {what} #{index + 1} has no key."),
            value ?? throw MLOpsException.Invalid($"The {what} '{key}' has no value."));
    }

    private static double ReadDouble(ref Utf8JsonReader reader, string? key, int index)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number))
        {
            return number;
        }

        if (JsonFloats.TryGetNamed(ref reader, out var named))
        {
            return named;
        }

        throw MLOpsException.Invalid($"Metric '{key}' (#{index + 1}) has a value that is not a number (or \"NaN\", \"Infinity\", \"-Infinity\").");
    }

    private static string ReadString(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw MLOpsException.Invalid($"The {what} must be a string.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            reader.Read();
        }

        if (reader.TokenType != type)
        {
            throw MLOpsException.Invalid($"Expected {what} to be a JSON {(type == JsonTokenType.StartObject ? "object" : "array")}.");
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw MLOpsException.Invalid("The batch JSON ends too early.");
}
