using Parquet;
using Parquet.Schema;

namespace MLOps.Monitoring.Datasets;

/// <summary>
/// Reads a Parquet file into a <see cref="TabularDataset"/>, all row groups in order.
/// </summary>
/// <remarks>
/// Integer, floating-point and decimal columns, nullable or not, become numeric columns (null is missing; a
/// decimal or 64-bit integer is rounded to the nearest double). String columns stay strings and boolean columns
/// become the strings "true" and "false". Nested (list, map, struct) columns and other types, such as dates
/// and binary, are refused with a message naming the column. Parquet keeps its index at the end of the file, so
/// a stream that cannot seek is first copied into memory.
/// </remarks>
public static class ParquetDatasetReader
{
    /// <summary>Reads a Parquet file.</summary>
    /// <param name="stream">The file's bytes; left open.</param>
    /// <param name="limits">The most rows and columns accepted.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DatasetFormatException">The file is empty or not Parquet, has an unsupported column,
    /// cannot be decoded, or exceeds <paramref name="limits"/>.</exception>
    public static async Task<TabularDataset> ReadAsync(
        Stream stream, DatasetLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);

        var input = stream;
        if (!stream.CanSeek)
        {
            input = new MemoryStream();
            await stream.CopyToAsync(input, cancellationToken);
            input.Position = 0;
        }

        if (input.Length - input.Position == 0)
        {
            throw new DatasetFormatException("The Parquet file is empty.");
        }

        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(input, leaveStreamOpen: true, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException or NotSupportedException)
        {
            throw new DatasetFormatException(
                $"The file is not a readable Parquet file ({e.Message}). Check that it was saved as Parquet, or upload it as CSV or JSON.", e);
        }

        await using (reader)
        {
            var fields = CheckSchema(reader.Schema, limits);
            var rowCount = CountRows(reader, limits);
            var columns = new List<DatasetColumn>(fields.Length);
            foreach (var field in fields)
            {
                columns.Add(await ReadColumnAsync(reader, field, rowCount, cancellationToken));
            }

            return new TabularDataset(columns);
        }
    }

    private static DataField[] CheckSchema(ParquetSchema schema, DatasetLimits limits)
    {
        if (schema.Fields.Count == 0)
        {
            throw new DatasetFormatException("The Parquet file has no columns.");
        }

        if (schema.Fields.Count > limits.MaxColumns)
        {
            throw new DatasetFormatException(
                $"The Parquet file has {schema.Fields.Count} columns; at most {limits.MaxColumns} are accepted.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var fields = new DataField[schema.Fields.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var field = schema.Fields[i];
            if (field is not DataField { IsArray: false } data)
            {
                var kind = field.SchemaType == SchemaType.Data ? "repeated" : field.SchemaType.ToString().ToLowerInvariant();
                throw new DatasetFormatException(
                    $"Column '{field.Name}' is a nested ({kind}) column; only flat columns of numbers, strings and booleans " +
                    "can be profiled. Flatten it into one column per value, or drop it.");
            }

            if (!ParquetColumnReaders.IsSupported(data.ClrType))
            {
                throw new DatasetFormatException(
                    $"Column '{field.Name}' has type {data.ClrType.Name}, which cannot be profiled; only numbers, strings " +
                    "and booleans can. Convert it (for example a date to an ISO string) or drop it.");
            }

            if (!names.Add(field.Name))
            {
                throw new DatasetFormatException($"Column name '{field.Name}' appears more than once in the Parquet file.");
            }

            fields[i] = data;
        }

        return fields;
    }

    private static int CountRows(ParquetReader reader, DatasetLimits limits)
    {
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            rows += reader.RowGroups[g].RowCount;
        }

        return rows <= limits.MaxRows
            ? (int)rows
            : throw new DatasetFormatException(
                $"The Parquet file has {rows} rows; at most {limits.MaxRows} are accepted. Sample it down and upload again.");
    }

    private static async Task<DatasetColumn> ReadColumnAsync(
        ParquetReader reader, DataField field, int rowCount, CancellationToken cancellationToken)
    {
        var numeric = ParquetColumnReaders.IsNumeric(field.ClrType);
        var numbers = numeric ? new double[rowCount] : null;
        var strings = numeric ? null : new string?[rowCount];
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.RowGroups[g];
            var count = (int)group.RowCount;
            try
            {
                if (numbers is not null)
                {
                    await ParquetColumnReaders.ReadNumbersAsync(group, field, numbers.AsMemory(offset, count), cancellationToken);
                }
                else
                {
                    await ParquetColumnReaders.ReadStringsAsync(group, field, strings.AsMemory(offset, count), cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                throw new DatasetFormatException(
                    $"Column '{field.Name}' in row group {g + 1} of the Parquet file could not be decoded: {e.Message}", e);
            }

            offset += count;
        }

        return numbers is not null
            ? DatasetColumn.FromNumbers(field.Name, numbers)
            : DatasetColumn.FromStrings(field.Name, strings!);
    }
}
