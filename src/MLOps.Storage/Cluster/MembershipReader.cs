using Npgsql;

namespace MLOps.Storage.Cluster;

/// <summary>Reads the Orleans membership table directly, for operators' views of the cluster.</summary>
public sealed class MembershipReader(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<MembershipRow>> ReadAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time
            FROM orleans_membership_entry
            WHERE cluster_id = @clusterId
            ORDER BY start_time DESC, address, port
            """);
        command.Parameters.AddWithValue("clusterId", clusterId);
        var rows = new List<MembershipRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new MembershipRow(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? 0 : reader.GetInt32(6),
                reader.GetFieldValue<DateTime>(7),
                reader.GetFieldValue<DateTime>(8)));
        }

        return rows;
    }
}
