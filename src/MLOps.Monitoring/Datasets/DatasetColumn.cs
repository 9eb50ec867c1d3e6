namespace MLOps.Monitoring.Datasets;

/// <summary>
/// One column of a <see cref="TabularDataset"/>: either numbers, with <see cref="double.NaN"/> for a missing
/// value, or strings, with <see langword="null"/> for a missing value.
/// </summary>
/// <remarks>
/// The values are exposed as spans so that profiling code reads them without copying or boxing. A numeric
/// column cannot tell a missing value from a value that was itself NaN: both are missing.
/// </remarks>
public sealed class DatasetColumn
{
    private readonly double[]? _numbers;
    private readonly string?[]? _strings;

    private DatasetColumn(string name, double[]? numbers, string?[]? strings, int missingCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _numbers = numbers;
        _strings = strings;
        MissingCount = missingCount;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>Whether the column holds numbers (read <see cref="Numbers"/>) rather than strings.</summary>
    public bool IsNumeric => _numbers is not null;

    /// <summary>The number of values, missing ones included.</summary>
    public int Length => _numbers?.Length ?? _strings!.Length;

    /// <summary>The number of missing values.</summary>
    public int MissingCount { get; }

    /// <summary>The values of a numeric column; NaN marks a missing value.</summary>
    /// <exception cref="InvalidOperationException">The column holds strings.</exception>
    public ReadOnlySpan<double> Numbers =>
        _numbers ?? throw new InvalidOperationException($"Column '{Name}' holds strings; read Strings instead.");

    /// <summary>The values of a string column; null marks a missing value.</summary>
    /// <exception cref="InvalidOperationException">The column holds numbers.</exception>
    public ReadOnlySpan<string?> Strings =>
        _strings ?? throw new InvalidOperationException($"Column '{Name}' holds numbers; read Numbers instead.");

    /// <summary>Creates a numeric column that takes ownership of <paramref name="values"/> (no copy).</summary>
    /// <param name="name">The column's name; not empty.</param>
    /// <param name="values">The values; NaN marks a missing value.</param>
    /// <returns>The column.</returns>
    public static DatasetColumn FromNumbers(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var missing = 0;
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                missing++;
            }
        }

        return new DatasetColumn(name, values, null, missing);
    }

    /// <summary>Creates a string column that takes ownership of <paramref name="values"/> (no copy).</summary>
    /// <param name="name">The column's name; not empty.</param>
    /// <param name="values">The values; null marks a missing value.</param>
    /// <returns>The column.</returns>
    public static DatasetColumn FromStrings(string name, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var missing = 0;
        foreach (var value in values)
        {
            if (value is null)
            {
                missing++;
            }
        }

        return new DatasetColumn(name, null, values, missing);
    }
}
