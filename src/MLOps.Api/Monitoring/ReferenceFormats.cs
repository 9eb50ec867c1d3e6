namespace MLOps.Api.Monitoring;

/// <summary>The reference dataset formats, as stored with the profile.</summary>
public static class ReferenceFormats
{
    public const string Csv = "csv";
    public const string Parquet = "parquet";
    public const string Json = "json";

    /// <summary>The format a Content-Type names, or null.</summary>
    public static string? FromContentType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "text/csv" or "application/csv" => Csv,
        "application/vnd.apache.parquet" or "application/x-parquet" or "application/parquet" => Parquet,
        "application/json" => Json,
        _ => null,
    };
}
