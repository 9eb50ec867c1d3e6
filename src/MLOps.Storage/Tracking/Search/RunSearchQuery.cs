using System.Data.Common;
using Npgsql;

namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// A built runs-search query: SQL selecting <c>r.id</c> then the order-by values, with positional parameters,
/// limited to one row more than the page so the extra row tells whether another page follows.
/// </summary>
public sealed class RunSearchQuery
{
    private readonly IReadOnlyList<RunValueKind> _orderKinds;
    private readonly string _fingerprint;

    internal RunSearchQuery(string sql, IReadOnlyList<NpgsqlParameter> parameters, IReadOnlyList<RunValueKind> orderKinds, int pageSize, string fingerprint)
    {
        Sql = sql;
        Parameters = parameters;
        PageSize = pageSize;
        _orderKinds = orderKinds;
        _fingerprint = fingerprint;
    }

    /// <summary>The SQL text; values appear only as $1, $2, ... placeholders.</summary>
    public string Sql { get; }

    /// <summary>The positional parameters, in placeholder order. Add them to one command only.</summary>
    public IReadOnlyList<NpgsqlParameter> Parameters { get; }

    /// <summary>The requested page size (the query fetches one more row).</summary>
    public int PageSize { get; }

    /// <summary>Reads the current result row: the run id and its order-by values.</summary>
    public RunSearchRow ReadRow(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var values = new object?[_orderKinds.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var ordinal = i + 1;
            values[i] = reader.IsDBNull(ordinal) ? null : _orderKinds[i] switch
            {
                RunValueKind.Number => reader.GetDouble(ordinal),
                RunValueKind.Time => reader.GetFieldValue<DateTimeOffset>(ordinal),
                RunValueKind.Uuid => reader.GetGuid(ordinal),
                _ => reader.GetString(ordinal),
            };
        }

        return new RunSearchRow(reader.GetGuid(0), values);
    }

    /// <summary>Turns the fetched rows (at most <see cref="PageSize"/> + 1) into a page and its next-page token.</summary>
    public RunSearchPage ToPage(IReadOnlyList<RunSearchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count <= PageSize)
        {
            return new RunSearchPage([.. rows.Select(row => row.RunId)], null);
        }

        var last = rows[PageSize - 1];
        var token = new RunSearchCursor(last.OrderValues, last.RunId).Encode(_fingerprint, _orderKinds);
        return new RunSearchPage([.. rows.Take(PageSize).Select(row => row.RunId)], token);
    }
}
