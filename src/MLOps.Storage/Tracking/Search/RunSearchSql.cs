using System.Globalization;
using System.Text;
using MLOps.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// Builds and runs the runs-search query: runs of the given experiments matching the filter, ordered by the
/// order-by keys then the run id, keyset-paginated. A page token holds the previous page's last order-by values
/// and run id; the next page starts strictly after that tuple, so pages neither skip nor repeat runs.
/// </summary>
public static class RunSearchSql
{
    /// <summary>The largest page.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The most order-by clauses one search may have.</summary>
    public const int MaxOrderBy = 10;

    /// <summary>Builds the query for one page. VALIDATION when the request, filter, order or token is invalid.</summary>
    public static RunSearchQuery Build(RunSearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ExperimentIds is null || request.ExperimentIds.Count == 0)
        {
            throw MLOpsException.Invalid("A runs search needs at least one experiment id.");
        }

        if (request.PageSize is < 1 or > MaxPageSize)
        {
            throw MLOpsException.Invalid(string.Create(
                CultureInfo.InvariantCulture, $"The page size must be between 1 and the limit of {MaxPageSize}; got {request.PageSize}."));
        }

        var orderBy = request.OrderBy ?? [];
        if (orderBy.Count > MaxOrderBy)
        {
            throw MLOpsException.Invalid(string.Create(
                CultureInfo.InvariantCulture, $"A runs search has {orderBy.Count} order-by clauses, over the limit of {MaxOrderBy}."));
        }

        var filter = RunFilterParser.Parse(request.Filter);
        RunOrderKey[] order = orderBy.Count == 0 ? [RunOrderKey.Default] : [.. orderBy.Select(RunOrderKey.Parse)];
        var experiments = request.ExperimentIds.Distinct().Order().ToArray();
        var fingerprint = RunSearchCursor.Fingerprint(experiments, request.IncludeDeleted, filter, order);
        var kinds = order.Select(key => RunAttribute.KindOf(key.Field)).ToArray();
        var cursor = request.PageToken is null ? null : RunSearchCursor.Decode(request.PageToken, fingerprint, kinds);

        var parameters = new RunSearchParameters();
        var columns = new List<RunSearchOrderColumn>();
        var joins = new StringBuilder();
        foreach (var key in order)
        {
            if (key.Field.Entity == RunFilterEntity.Attribute)
            {
                var attribute = RunAttribute.Of(key.Field);
                columns.Add(new RunSearchOrderColumn(attribute.Column, attribute.Kind, attribute.Nullable, key.Descending));
                continue;
            }

            var alias = "o" + columns.Count.ToString(CultureInfo.InvariantCulture);
            joins.Append(CultureInfo.InvariantCulture, $"\nLEFT JOIN {RunFilterSql.TableOf(key.Field.Entity)} {alias} ON {alias}.run_id = r.id AND {alias}.key = {parameters.AddValue(key.Field.Key)}");
            columns.Add(new RunSearchOrderColumn(alias + ".value", RunAttribute.KindOf(key.Field), Nullable: true, key.Descending));
        }

        var sql = new StringBuilder("SELECT r.id");
        foreach (var column in columns)
        {
            sql.Append(", ").Append(column.Expression);
        }

        sql.Append("\nFROM runs r").Append(joins).Append("\nWHERE ");
        sql.Append(experiments.Length == 1
            ? "r.experiment_id = " + parameters.AddValue(experiments[0])
            : "r.experiment_id = ANY(" + parameters.AddValue(experiments) + ")");
        if (!request.IncludeDeleted)
        {
            sql.Append(" AND r.lifecycle = 'ACTIVE'");
        }

        if (filter is not RunFilterAll)
        {
            sql.Append("\n  AND ").Append(RunFilterSql.Condition(filter, parameters));
        }

        if (cursor is not null)
        {
            sql.Append("\n  AND ").Append(Keyset(columns, cursor, parameters));
        }

        sql.Append("\nORDER BY ").AppendJoin(", ", columns.Select(column => column.OrderBy)).Append(", r.id");
        sql.Append("\nLIMIT ").Append(parameters.Add(request.PageSize + 1, NpgsqlDbType.Integer));
        return new RunSearchQuery(sql.ToString(), parameters.All, kinds, request.PageSize, fingerprint);
    }

    /// <summary>
    /// Runs one page of a search. VALIDATION as for <see cref="Build"/>. The query runs with JIT compilation off:
    /// PostgreSQL costs an EXISTS under OR or NOT by its per-row form even when it runs the hashed one, so large
    /// searches look expensive enough to JIT-compile, which costs more (100-250 ms) than the query itself.
    /// </summary>
    public static async Task<RunSearchPage> ExecuteAsync(NpgsqlDataSource dataSource, RunSearchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var query = Build(request);
        await using var batch = dataSource.CreateBatch();

        // A batch is one implicit transaction, so the transaction-local setting ends with it.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('jit', 'off', true)"));
        var search = new NpgsqlBatchCommand(query.Sql);
        foreach (var parameter in query.Parameters)
        {
            search.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(search);
        var rows = new List<RunSearchRow>(query.PageSize + 1);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(query.ReadRow(reader));
        }

        return query.ToPage(rows);
    }

    /// <summary>
    /// Rows strictly after the cursor in (key1, key2, ..., id) order: for each key, equal on the keys before it
    /// and after on it; nothing comes after a null because nulls sort last.
    /// </summary>
    private static string Keyset(IReadOnlyList<RunSearchOrderColumn> columns, RunSearchCursor cursor, RunSearchParameters parameters)
    {
        var values = cursor.Values.Select(value => value is null ? null : parameters.AddValue(value)).ToList();
        var equalities = new List<string>();
        var alternatives = new List<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            if (values[i] is { } value)
            {
                alternatives.Add(string.Join(" AND ", equalities.Append(columns[i].After(value))));
                equalities.Add($"{columns[i].Expression} = {value}");
            }
            else
            {
                equalities.Add($"{columns[i].Expression} IS NULL");
            }
        }

        alternatives.Add(string.Join(" AND ", equalities.Append("r.id > " + parameters.AddValue(cursor.RunId))));
        var keyset = "(" + string.Join(" OR ", alternatives.Select(alternative => "(" + alternative + ")")) + ")";

        // A plain bound on a non-null leading key lets its index (runs_experiment_start) start at the cursor
        // instead of reading and discarding every earlier row.
        return columns[0] is { Nullable: false } first && values[0] is { } leading
            ? $"{first.Expression} {(first.Descending ? "<=" : ">=")} {leading} AND {keyset}"
            : keyset;
    }
}
