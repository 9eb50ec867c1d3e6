using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Storage.Monitoring;

/// <summary>The JSON form of stored monitoring documents (camelCase, nulls kept out).</summary>
public static class MonitoringJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };

    public static string Serialize(WindowReportDocument report) => JsonSerializer.Serialize(report, Options);

    public static WindowReportDocument? Parse(string? json) =>
        string.IsNullOrEmpty(json) || json == "{}" ? null : JsonSerializer.Deserialize<WindowReportDocument>(json, Options);
}
