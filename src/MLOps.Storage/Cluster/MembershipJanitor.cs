using Npgsql;

namespace MLOps.Storage.Cluster;

/// <summary>
/// Marks a cluster's silos Dead in the membership table, for an orchestrator that starts every silo of the cluster
/// itself: when it starts, no silo listed from its previous run can still be running (that run was stopped or
/// killed), and new silos that find them Active spend their first minute probing them and voting them out.
/// </summary>
public sealed class MembershipJanitor(NpgsqlDataSource dataSource)
{
    /// <summary>Orleans' SiloStatus.Dead.</summary>
    public const int DeadStatus = 6;

    /// <summary>
    /// Marks every silo of <paramref name="clusterId"/> that is not Dead as Dead, and bumps the cluster's membership
    /// version as any membership change does. Nothing happens before the server's migrations created the tables.
    /// </summary>
    /// <returns>How many silos were marked.</returns>
    public async Task<int> MarkAllDeadAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('orleans_membership_entry') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var mark = new NpgsqlCommand("UPDATE orleans_membership_entry SET status = @dead WHERE cluster_id = @clusterId AND status <> @dead", connection, transaction);
        mark.Parameters.AddWithValue("dead", DeadStatus);
        mark.Parameters.AddWithValue("clusterId", clusterId);
        var marked = await mark.ExecuteNonQueryAsync(cancellationToken);
        if (marked > 0)
        {
            await using var bump = new NpgsqlCommand("UPDATE orleans_membership_version SET version = version + 1, updated_at = now() WHERE cluster_id = @clusterId", connection, transaction);
            bump.Parameters.AddWithValue("clusterId", clusterId);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return marked;
    }
}
