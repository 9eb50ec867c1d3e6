using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MLOps.Contracts;

namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// The position after a page's last row: its order-by values and run id, as base64url JSON
/// <c>{"q": fingerprint, "v": [values as strings or null], "id": run id}</c>. The fingerprint ties a token to
/// the search that issued it, so a token replayed against another filter, order or experiment set is refused
/// rather than misread. Values are strings so that NaN and infinite metrics survive the trip.
/// </summary>
internal sealed record RunSearchCursor(IReadOnlyList<object?> Values, Guid RunId)
{
    // Order-by values can be long params or tags; anything past this is not a token this code wrote.
    private const int MaxTokenLength = 100_000;

    private const string Malformed = "The page token is malformed; pass back the nextPageToken of the previous page unchanged, or omit it for the first page.";

    /// <summary>A short hash of everything that decides which runs a search returns and in what order.</summary>
    public static string Fingerprint(IEnumerable<Guid> experimentIds, bool includeDeleted, RunFilter filter, IEnumerable<RunOrderKey> order)
    {
        var text = string.Join('\n', experimentIds.Select(id => id.ToString("D"))) + "\n" + includeDeleted + "\n" + filter + "\n" + string.Join('\n', order);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
    }

    public string Encode(string fingerprint, IReadOnlyList<RunValueKind> kinds)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("q", fingerprint);
            writer.WriteStartArray("v");
            for (var i = 0; i < kinds.Count; i++)
            {
                if (Values[i] is { } value)
                {
                    writer.WriteStringValue(Format(value));
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
            writer.WriteString("id", RunId.ToString("D"));
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>Reads a token of the search with this fingerprint. VALIDATION when malformed or from another search.</summary>
    public static RunSearchCursor Decode(string token, string fingerprint, IReadOnlyList<RunValueKind> kinds)
    {
        if (token.Length is 0 or > MaxTokenLength)
        {
            throw MLOpsException.Invalid(Malformed);
        }

        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("q", out var q) || q.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != kinds.Count
                || !root.TryGetProperty("id", out var id) || !Guid.TryParseExact(id.ValueKind == JsonValueKind.String ? id.GetString() : null, "D", out var runId))
            {
                throw MLOpsException.Invalid(Malformed);
            }

            if (!string.Equals(q.GetString(), fingerprint, StringComparison.Ordinal))
            {
                throw MLOpsException.Invalid("The page token belongs to a different search (its experiments, filter or order differ); omit it to start from the first page.");
            }

            var values = v.EnumerateArray().Select((element, i) => Parse(element, kinds[i])).ToList();
            return new RunSearchCursor(values, runId);
        }
        catch (Exception error) when (error is FormatException or JsonException)
        {
            throw new MLOpsException(Malformed, error);
        }
    }

    private static string Format(object value) => value switch
    {
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        Guid id => id.ToString("D"),
        string text => text,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Not an order-by value type."),
    };

    private static object? Parse(JsonElement element, RunValueKind kind)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw MLOpsException.Invalid(Malformed);
        return kind switch
        {
            RunValueKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            RunValueKind.Time when DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) => time.ToUniversalTime(),
            RunValueKind.Uuid when Guid.TryParseExact(text, "D", out var id) => id,
            RunValueKind.Text => text,
            _ => throw MLOpsException.Invalid(Malformed),
        };
    }
}
