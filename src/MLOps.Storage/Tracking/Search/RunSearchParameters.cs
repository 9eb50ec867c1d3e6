using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Tracking.Search;

/// <summary>The positional parameters ($1, $2, ...) of a query being built: every user value goes through here.</summary>
internal sealed class RunSearchParameters
{
    private readonly List<NpgsqlParameter> _parameters = [];

    public IReadOnlyList<NpgsqlParameter> All => _parameters;

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Add(object value, NpgsqlDbType type)
    {
        _parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
        return "$" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a typed filter or cursor value (scalar or list) and returns its placeholder.</summary>
    public string AddValue(object value) => value switch
    {
        double number => Add(number, NpgsqlDbType.Double),
        string text => Add(text, NpgsqlDbType.Text),
        Guid id => Add(id, NpgsqlDbType.Uuid),
        DateTimeOffset time => Add(time.ToUniversalTime(), NpgsqlDbType.TimestampTz),
        IEnumerable<Guid> ids => Add(ids.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
        IEnumerable<string> texts => Add(texts.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Not a search value type."),
    };
}
