using System.Text;
using System.Text.Json;

namespace MLOps.Monitoring.Datasets;

/// <summary>
/// The token-by-token state machine behind <see cref="JsonRowsDatasetReader"/>: it is fed consecutive chunks of
/// the document and keeps its place between them.
/// </summary>
internal sealed class JsonRowsParser(DatasetLimits limits)
{
    private readonly List<ColumnBuilder> _columns = [];
    private readonly Dictionary<string, ColumnBuilder> _byKey = new(StringComparer.Ordinal);
    private char[] _scratch = new char[256];
    private State _state = State.Start;
    private bool _wrapped;
    private bool _sawRows;
    private int _rows;
    private ColumnBuilder? _current;

    private enum State
    {
        Start,
        InWrapper,
        ExpectRowsArray,
        InRows,
        InRow,
        InValue,
        Done,
    }

    /// <summary>
    /// Parses the complete tokens in <paramref name="chunk"/>, whose first byte is at <paramref name="offset"/>
    /// in the document, and returns how many bytes they took.
    /// </summary>
    public int Consume(ReadOnlySpan<byte> chunk, bool isFinalBlock, ref JsonReaderState state, long offset)
    {
        var reader = new Utf8JsonReader(chunk, isFinalBlock, state);
        try
        {
            while (reader.Read())
            {
                Handle(ref reader, offset + reader.TokenStartIndex);
            }
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(
                $"The file is not valid JSON at byte offset {offset + reader.BytesConsumed} (line {e.LineNumber + 1}): {e.Message}", e);
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    public TabularDataset Finish()
    {
        if (_state != State.Done)
        {
            throw new DatasetFormatException("The JSON document ended before the array of rows was closed.");
        }

        if (_columns.Count == 0)
        {
            throw new DatasetFormatException(
                _rows == 0 ? "The JSON array has no rows, so the dataset has no columns." : "The JSON rows have no keys, so the dataset has no columns.");
        }

        return new TabularDataset([.. _columns.Select(c => c.Build(_rows))]);
    }

    private void Handle(ref Utf8JsonReader reader, long position)
    {
        var token = reader.TokenType;
        switch (_state)
        {
            case State.Start when token == JsonTokenType.StartArray:
                _state = State.InRows;
                break;
            case State.Start when token == JsonTokenType.StartObject:
                _wrapped = true;
                _state = State.InWrapper;
                break;
            case State.Start:
                throw Error(position, $"the document must be an array of row objects or {{\"rows\": [...]}}, not {WithArticle(token)}");
            case State.InWrapper when token == JsonTokenType.PropertyName && reader.ValueTextEquals("rows"u8):
                _sawRows = true;
                _state = State.ExpectRowsArray;
                break;
            case State.InWrapper when token == JsonTokenType.EndObject && _sawRows:
                _state = State.Done;
                break;
            case State.InWrapper:
                throw Error(position, "the outer object must have exactly one property, \"rows\", holding the array of row objects");
            case State.ExpectRowsArray when token == JsonTokenType.StartArray:
                _state = State.InRows;
                break;
            case State.ExpectRowsArray:
                throw Error(position, $"\"rows\" must be an array of row objects, not {WithArticle(token)}");
            case State.InRows when token == JsonTokenType.StartObject:
                if (_rows == limits.MaxRows)
                {
                    throw Error(position, $"there are more than {limits.MaxRows} rows; sample the data down and upload again");
                }

                _state = State.InRow;
                break;
            case State.InRows when token == JsonTokenType.EndArray:
                _state = _wrapped ? State.InWrapper : State.Done;
                break;
            case State.InRows:
                throw Error(position, $"row {_rows + 1} must be an object, not {WithArticle(token)}");
            case State.InRow when token == JsonTokenType.PropertyName:
                _current = ColumnFor(ref reader, position);
                _state = State.InValue;
                break;
            case State.InRow:
                _rows++;
                _state = State.InRows;
                break;
            case State.InValue:
                AppendValue(ref reader, position);
                _state = State.InRow;
                break;
        }
    }

    private ColumnBuilder ColumnFor(ref Utf8JsonReader reader, long position)
    {
        var key = Unescape(ref reader);
        if (key.IsEmpty)
        {
            throw Error(position, $"row {_rows + 1} has an empty key; every column needs a name");
        }

        if (!_byKey.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var column))
        {
            if (_columns.Count == limits.MaxColumns)
            {
                throw Error(position, $"row {_rows + 1} brings the number of distinct keys past {limits.MaxColumns}, the most columns accepted");
            }

            column = new ColumnBuilder(key.ToString());
            _byKey.Add(column.Name, column);
            _columns.Add(column);
        }
        else if (column.Count > _rows)
        {
            throw Error(position, $"row {_rows + 1} has the key \"{column.Name}\" twice");
        }

        return column;
    }

    private void AppendValue(ref Utf8JsonReader reader, long position)
    {
        var column = _current!;
        column.PadTo(_rows);
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                column.AppendMissing();
                break;
            case JsonTokenType.True:
                column.AppendString("true");
                break;
            case JsonTokenType.False:
                column.AppendString("false");
                break;
            case JsonTokenType.String:
                column.AppendString(Unescape(ref reader));
                break;
            case JsonTokenType.Number:
                var raw = reader.ValueSpan;
                EnsureScratch(raw.Length);
                var length = Encoding.UTF8.GetChars(raw, _scratch);
                column.AppendText(_scratch.AsSpan(0, length));
                break;
            default:
                throw Error(position, $"row {_rows + 1}, key \"{column.Name}\" holds a nested {Describe(reader.TokenType)}; only flat values (string, number, boolean, null) can be profiled, so flatten it into separate keys");
        }
    }

    private ReadOnlySpan<char> Unescape(ref Utf8JsonReader reader)
    {
        // Unescaped text never has more UTF-16 characters than the escaped UTF-8 has bytes.
        EnsureScratch(reader.ValueSpan.Length);
        var length = reader.CopyString(_scratch);
        return _scratch.AsSpan(0, length);
    }

    private void EnsureScratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new char[Math.Max(length, _scratch.Length * 2)];
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string WithArticle(JsonTokenType token) =>
        (token is JsonTokenType.StartObject or JsonTokenType.StartArray ? "an " : "a ") + Describe(token);

    private static DatasetFormatException Error(long position, string problem) =>
        new($"The JSON rows are not in the expected shape at byte offset {position}: {problem}.");
}
