using System.Text;
using nietras.SeparatedValues;

namespace MLOps.Monitoring.Datasets;

/// <summary>
/// Reads a CSV file with a header row into a <see cref="TabularDataset"/>.
/// </summary>
/// <remarks>
/// <para>
/// Fields follow RFC 4180: a field may be quoted with <c>"</c>, and a quoted field may hold separators, line
/// breaks and doubled quotes. The separator is a comma unless the header line (outside quotes) has more
/// semicolons or tabs than commas, in which case it is the more frequent of those. Text is UTF-8 unless a
/// byte-order mark says otherwise.
/// </para>
/// <para>
/// An empty field, quoted or not, is a missing value. Blank lines are skipped. A column is numeric when every
/// non-empty field parses as a number in the invariant culture (NaN and infinities included, a NaN then
/// counting as missing); otherwise it holds the fields as strings, exactly as written.
/// </para>
/// </remarks>
public static class CsvDatasetReader
{
    // Enough characters to hold the header line of any ordinary file, used only to choose the separator.
    private const int SniffLength = 64 * 1024;

    /// <summary>Reads a CSV file.</summary>
    /// <param name="stream">The file's bytes; read to the end and left open.</param>
    /// <param name="limits">The most rows and columns accepted.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DatasetFormatException">The file is empty, has a bad header, a row with the wrong
    /// number of fields or an unclosed quote, or exceeds <paramref name="limits"/>.</exception>
    public static async Task<TabularDataset> ReadAsync(
        Stream stream, DatasetLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);

        var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, SniffLength, leaveOpen: true);
        var prefix = new char[SniffLength];
        var prefixLength = await text.ReadBlockAsync(prefix, cancellationToken);
        using var source = new PrefixedTextReader(prefix, prefixLength, text);
        if (prefixLength == 0)
        {
            throw new DatasetFormatException("The CSV file is empty; its first line must be a header row naming the columns.");
        }

        var separator = DetectSeparator(prefix.AsSpan(0, prefixLength));
        var options = Sep.New(separator).Reader(o => o with { Unescape = true, DisableColCountCheck = true });
        SepReader reader;
        try
        {
            reader = await options.FromAsync(source, cancellationToken);
        }
        catch (ArgumentException e)
        {
            // Sep refuses a header that repeats a column name.
            throw new DatasetFormatException($"The CSV header row (line 1) is invalid: column names must be unique. {e.Message}", e);
        }

        using (reader)
        {
            var builders = CreateColumns(reader.Header.ColNames, separator, limits);
            var rows = 0;
            while (await reader.MoveNextAsync(cancellationToken))
            {
                if (AppendRow(reader.Current, builders, rows, separator, limits))
                {
                    rows++;
                }
            }

            return new TabularDataset([.. builders.Select(b => b.Build(rows))]);
        }
    }

    private static ColumnBuilder[] CreateColumns(IReadOnlyList<string> names, char separator, DatasetLimits limits)
    {
        if (names.Count == 1 && names[0].Length == 0)
        {
            throw new DatasetFormatException("The first line of the CSV file is blank; it must be a header row naming the columns.");
        }

        if (names.Count > limits.MaxColumns)
        {
            throw new DatasetFormatException(
                $"The CSV header row has {names.Count} columns; at most {limits.MaxColumns} are accepted.");
        }

        var builders = new ColumnBuilder[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                throw new DatasetFormatException(
                    $"Column {i + 1} of the CSV header row (line 1) has no name; every column needs one. " +
                    $"The separator in use is {Describe(separator)}.");
            }

            builders[i] = new ColumnBuilder(names[i]);
        }

        return builders;
    }

    // Returns whether the row was a data row (blank lines are not).
    private static bool AppendRow(SepReader.Row row, ColumnBuilder[] builders, int rowsSoFar, char separator, DatasetLimits limits)
    {
        // The raw row text must be inspected before any field is unescaped, which rewrites it in place.
        var raw = row.Span;
        if (raw.IsEmpty)
        {
            return false;
        }

        var line = row.LineNumberFrom;
        if (raw.Count('"') % 2 != 0)
        {
            throw new DatasetFormatException(
                $"Line {line} of the CSV file has an unbalanced double quote: a quoted field must end with a quote, " +
                "and a quote inside a quoted field must be doubled (\"\").");
        }

        if (row.ColCount != builders.Length)
        {
            throw new DatasetFormatException(
                $"Line {line} of the CSV file has {row.ColCount} field{(row.ColCount == 1 ? "" : "s")} but the header has {builders.Length}; " +
                $"every row needs one field per column (separator {Describe(separator)}; quote fields that contain it).");
        }

        if (rowsSoFar == limits.MaxRows)
        {
            throw new DatasetFormatException(
                $"The CSV file has more than {limits.MaxRows} data rows (line {line} is one too many); sample it down and upload again.");
        }

        for (var i = 0; i < builders.Length; i++)
        {
            builders[i].AppendText(row[i].Span);
        }

        return true;
    }

    private static char DetectSeparator(ReadOnlySpan<char> text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c is '\r' or '\n'))
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return semicolons > commas && semicolons >= tabs ? ';'
            : tabs > commas && tabs > semicolons ? '\t'
            : ',';
    }

    private static string Describe(char separator) => separator switch
    {
        '\t' => "tab",
        ';' => "semicolon",
        _ => "comma",
    };
}
