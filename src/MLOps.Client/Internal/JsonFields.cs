using System.Globalization;
using System.Text.Json;

namespace MLOps.Client.Internal;

/// <summary>Reads the fields of the server's JSON answers, naming the field when one is missing.</summary>
internal static class JsonFields
{
    public static string String(this JsonElement element, string name) =>
        element.Optional(name)?.GetString() ?? throw Missing(name);

    public static string? OptionalString(this JsonElement element, string name) =>
        element.Optional(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static long Int64(this JsonElement element, string name) =>
        (element.Optional(name) ?? throw Missing(name)).GetInt64();

    public static int Int32(this JsonElement element, string name) =>
        (element.Optional(name) ?? throw Missing(name)).GetInt32();

    public static int? OptionalInt32(this JsonElement element, string name) =>
        element.Optional(name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : null;

    public static bool Boolean(this JsonElement element, string name) =>
        (element.Optional(name) ?? throw Missing(name)).GetBoolean();

    public static double Double(this JsonElement element, string name) =>
        ToDouble(element.Optional(name) ?? throw Missing(name));

    public static double? OptionalDouble(this JsonElement element, string name) =>
        element.Optional(name) is { } value ? ToDouble(value) : null;

    public static DateTimeOffset Time(this JsonElement element, string name) =>
        (element.Optional(name) ?? throw Missing(name)).GetDateTimeOffset();

    public static DateTimeOffset? OptionalTime(this JsonElement element, string name) =>
        element.Optional(name) is { ValueKind: JsonValueKind.String } value ? value.GetDateTimeOffset() : null;

    /// <summary>A list of {key, value} objects as a dictionary; empty when the field is missing.</summary>
    public static IReadOnlyDictionary<string, string> Pairs(this JsonElement element, string name)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.Optional(name) is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var pair in array.EnumerateArray())
            {
                pairs[pair.String("key")] = pair.String("value");
            }
        }

        return pairs;
    }

    /// <summary>The items of an array field, read one by one; empty when the field is missing or null.</summary>
    public static IReadOnlyList<T> List<T>(this JsonElement element, string name, Func<JsonElement, T> read) =>
        element.Optional(name) is { ValueKind: JsonValueKind.Array } array ? [.. array.EnumerateArray().Select(read)] : [];

    /// <summary>The field, or null when it is missing or JSON null.</summary>
    public static JsonElement? Optional(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A number, or one of the strings JSON uses for values it cannot write: NaN, Infinity, -Infinity.</summary>
    public static double ToDouble(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : value.GetDouble();

    private static JsonException Missing(string name) => new($"The server's answer lacks the field '{name}'.");
}
