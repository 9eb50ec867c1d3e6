namespace MLOps.Monitoring.Datasets;

/// <summary>
/// Bounds on the shape of a dataset a reader accepts; a reader refuses a file that exceeds them with a
/// <see cref="DatasetFormatException"/> before holding more than the limits' worth of values.
/// </summary>
/// <remarks>The size of the upload in bytes is bounded by the caller, before the stream reaches a reader.</remarks>
public sealed record DatasetLimits
{
    /// <summary>The default bound on data rows.</summary>
    public const int DefaultMaxRows = 1_000_000;

    /// <summary>The default bound on columns.</summary>
    public const int DefaultMaxColumns = 10_000;

    /// <summary>The default limits.</summary>
    public static DatasetLimits Default { get; } = new();

    /// <summary>The most data rows accepted (the header is not a data row); at least 1.</summary>
    public int MaxRows
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = DefaultMaxRows;

    /// <summary>The most columns accepted; at least 1.</summary>
    public int MaxColumns
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = DefaultMaxColumns;
}
