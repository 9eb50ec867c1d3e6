using System.Text.Json;

namespace MLOps.Client.Internal;

/// <summary>Reads ids the server writes as strings (GUIDs) or as numbers (row ids) as text.</summary>
internal static class JsonIds
{
    public static string IdText(this JsonElement element, string name) => element.Optional(name) switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => throw new JsonException($"The server's answer lacks the field '{name}'."),
    };
}
