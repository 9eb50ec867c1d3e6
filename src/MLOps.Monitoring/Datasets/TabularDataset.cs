using System.Diagnostics.CodeAnalysis;

namespace MLOps.Monitoring.Datasets;

/// <summary>
/// A dataset held column by column in memory, as read from an uploaded CSV, Parquet or JSON file to be
/// profiled. Every column has <see cref="RowCount"/> values.
/// </summary>
public sealed class TabularDataset
{
    private readonly Dictionary<string, DatasetColumn> _byName;

    /// <summary>Creates a dataset from its columns, in order.</summary>
    /// <param name="columns">At least one column; names unique (ordinal), all of the same length.</param>
    /// <exception cref="ArgumentException">No columns, a repeated name, or columns of different lengths.</exception>
    public TabularDataset(IReadOnlyList<DatasetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A dataset needs at least one column.", nameof(columns));
        }

        _byName = new Dictionary<string, DatasetColumn>(columns.Count, StringComparer.Ordinal);
        var rowCount = columns[0].Length;
        foreach (var column in columns)
        {
            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Column name '{column.Name}' appears more than once.", nameof(columns));
            }

            if (column.Length != rowCount)
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' has {column.Length} values but column '{columns[0].Name}' has {rowCount}.",
                    nameof(columns));
            }
        }

        Columns = [.. columns];
        ColumnNames = [.. columns.Select(c => c.Name)];
        RowCount = rowCount;
    }

    /// <summary>The columns, in file order.</summary>
    public IReadOnlyList<DatasetColumn> Columns { get; }

    /// <summary>The column names, in file order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>The number of columns.</summary>
    public int ColumnCount => Columns.Count;

    /// <summary>Gets a column by name (ordinal comparison).</summary>
    /// <param name="name">The column's name.</param>
    /// <returns>The column.</returns>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public DatasetColumn GetColumn(string name) =>
        _byName.TryGetValue(name, out var column)
            ? column
            : throw new KeyNotFoundException($"The dataset has no column named '{name}'.");

    /// <summary>Looks up a column by name (ordinal comparison).</summary>
    /// <param name="name">The column's name.</param>
    /// <param name="column">The column, when found.</param>
    /// <returns>Whether a column has that name.</returns>
    public bool TryGetColumn(string name, [NotNullWhen(true)] out DatasetColumn? column) =>
        _byName.TryGetValue(name, out column);
}
