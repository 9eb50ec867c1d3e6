using System.Globalization;

namespace MLOps.Monitoring.Datasets;

/// <summary>
/// Accumulates one column's values as text and, while every value so far is a number, as numbers too; at the
/// end the column is numeric if every non-empty value was a number, else strings with the original text.
/// </summary>
/// <remarks>
/// The text is kept even for columns that look numeric, because one later non-numeric value turns the column
/// into strings and the earlier values must then keep their spelling ("007" stays "007"). Text lives in one
/// growing char buffer per column rather than one string per value, so a numeric column costs about
/// 12 bytes plus its characters per value while it is read, and 8 bytes per value once built.
/// </remarks>
internal sealed class ColumnBuilder(string name)
{
    private char[] _chars = new char[256];
    private int _charCount;

    // End offset of each value in _chars; a missing value is stored as the bitwise complement of its end.
    private int[] _ends = new int[64];
    private double[]? _numbers = new double[64];

    public string Name { get; } = name;

    /// <summary>The number of values appended, missing ones included.</summary>
    public int Count { get; private set; }

    /// <summary>Appends text whose type is to be inferred; empty text is a missing value.</summary>
    public void AppendText(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            AppendMissing();
            return;
        }

        var number = double.NaN;
        if (_numbers is not null && !TryParseNumber(text, out number))
        {
            _numbers = null;
        }

        Append(text, number, missing: false);
    }

    /// <summary>Appends a value that is a string whatever it spells, so the column is a string column.</summary>
    public void AppendString(ReadOnlySpan<char> text)
    {
        _numbers = null;
        Append(text, double.NaN, missing: false);
    }

    /// <summary>Appends a missing value.</summary>
    public void AppendMissing() => Append([], double.NaN, missing: true);

    /// <summary>Appends missing values until the column has <paramref name="count"/> values.</summary>
    public void PadTo(int count)
    {
        while (Count < count)
        {
            AppendMissing();
        }
    }

    /// <summary>Builds the column, padded with missing values to <paramref name="rowCount"/>.</summary>
    public DatasetColumn Build(int rowCount)
    {
        PadTo(rowCount);
        if (_numbers is not null)
        {
            return DatasetColumn.FromNumbers(Name, _numbers.AsSpan(0, Count).ToArray());
        }

        // Categorical columns repeat a few values many times: share one string per distinct value.
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var pool = distinct.GetAlternateLookup<ReadOnlySpan<char>>();
        var values = new string?[Count];
        var start = 0;
        for (var i = 0; i < Count; i++)
        {
            var end = _ends[i];
            if (end < 0)
            {
                continue;
            }

            var text = _chars.AsSpan(start, end - start);
            if (!pool.TryGetValue(text, out var value))
            {
                value = text.ToString();
                distinct.Add(value);
            }

            values[i] = value;
            start = end;
        }

        return DatasetColumn.FromStrings(Name, values);
    }

    /// <summary>
    /// Parses a number in the invariant culture, also accepting the "inf" spellings that pandas and NumPy write
    /// (.NET itself accepts "NaN" and "Infinity" in any case).
    /// </summary>
    internal static bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var trimmed = text.Trim();
        var negative = trimmed.StartsWith('-');
        if (negative || trimmed.StartsWith('+'))
        {
            trimmed = trimmed[1..];
        }

        if (trimmed.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        return false;
    }

    private void Append(ReadOnlySpan<char> text, double number, bool missing)
    {
        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
            if (_numbers is not null)
            {
                Array.Resize(ref _numbers, _ends.Length);
            }
        }

        if (_charCount + text.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + text.Length));
        }

        text.CopyTo(_chars.AsSpan(_charCount));
        _charCount += text.Length;
        _ends[Count] = missing ? ~_charCount : _charCount;
        if (_numbers is not null)
        {
            _numbers[Count] = number;
        }

        Count++;
    }
}
