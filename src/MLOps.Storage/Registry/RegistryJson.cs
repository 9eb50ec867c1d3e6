using System.Text.Json;

namespace MLOps.Storage.Registry;

/// <summary>JSON of the registry's jsonb columns: web casing, compact.</summary>
public static class RegistryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);

    public static IReadOnlyDictionary<string, string> ReadTags(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [];
}
