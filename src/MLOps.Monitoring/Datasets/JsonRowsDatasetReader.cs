using System.Text.Json;

namespace MLOps.Monitoring.Datasets;

/// <summary>
/// Reads JSON rows, <c>[{"a":1,"b":"x"}, ...]</c> or <c>{"rows":[...]}</c>, into a <see cref="TabularDataset"/>,
/// streaming the input rather than loading the whole document.
/// </summary>
/// <remarks>
/// Each row is a flat object. The columns are the union of the rows' keys in first-seen order; a key absent
/// from a row, or <c>null</c>, is a missing value. A column is numeric when every non-missing value is a JSON
/// number; a column that also holds strings or booleans is a string column, with numbers as written and
/// booleans as "true" and "false". Nested objects and arrays are refused with the row and key named.
/// </remarks>
public static class JsonRowsDatasetReader
{
    private const int BufferLength = 64 * 1024;

    /// <summary>Reads JSON rows.</summary>
    /// <param name="stream">The UTF-8 JSON; read to the end and left open.</param>
    /// <param name="limits">The most rows and columns accepted.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DatasetFormatException">The file is empty, is not valid JSON (the byte offset is given),
    /// is not an array of flat objects, or exceeds <paramref name="limits"/>.</exception>
    public static async Task<TabularDataset> ReadAsync(
        Stream stream, DatasetLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);

        var parser = new JsonRowsParser(limits);
        var state = new JsonReaderState();
        var buffer = new byte[BufferLength];
        var length = 0;
        long offset = 0;
        var first = true;
        while (true)
        {
            if (length == buffer.Length)
            {
                // One token longer than the buffer: grow until it fits.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            length += read;
            var final = read == 0;
            if (first)
            {
                first = false;
                if (final && length == 0)
                {
                    throw new DatasetFormatException("The JSON file is empty; it must be an array of row objects.");
                }

                // Utf8JsonReader does not accept a byte-order mark.
                if (buffer.AsSpan(0, length).StartsWith("\uFEFF"u8))
                {
                    buffer.AsSpan(3, length - 3).CopyTo(buffer);
                    length -= 3;
                    offset = 3;
                }
            }

            var consumed = parser.Consume(buffer.AsSpan(0, length), final, ref state, offset);
            buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
            length -= consumed;
            offset += consumed;
            if (final)
            {
                return parser.Finish();
            }
        }
    }
}
