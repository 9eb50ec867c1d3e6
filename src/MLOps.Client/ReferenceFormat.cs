namespace MLOps.Client;

/// <summary>The formats a reference dataset can be uploaded in (<see cref="MlopsClient.UploadReferenceAsync"/>).</summary>
public enum ReferenceFormat
{
    /// <summary>CSV with a header row, separated by commas, semicolons or tabs (sent as text/csv).</summary>
    Csv,

    /// <summary>Apache Parquet (sent as application/vnd.apache.parquet).</summary>
    Parquet,

    /// <summary>A JSON array of flat objects, one per row: [{"age": 41, "city": "Oslo"}, ...] (sent as application/json).</summary>
    JsonRows,
}
