using System.Text.Json;
using MLOps.Contracts.Serving;
using MLOps.Storage.Registry;
using Npgsql;
using NpgsqlTypes;

namespace MLOps.Storage.Deployments;

/// <summary>Deployments in PostgreSQL: reads for the API and route tables, writes inside the grain's transaction.</summary>
public sealed class DeploymentStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, spec::text, revision, created_at, updated_at, created_by";

    public async Task<IReadOnlyList<DeploymentRecord>> ListAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM deployments WHERE deleted_at IS NULL ORDER BY name");
        return await ReadAsync(command, ct);
    }

    public async Task<DeploymentRecord?> GetAsync(string name, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM deployments WHERE name = @name AND deleted_at IS NULL");
        command.Parameters.AddWithValue("name", name);
        return (await ReadAsync(command, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<DeploymentRevisionRecord>> GetRevisionsAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT revision, spec::text, changed_at, changed_by FROM deployment_revisions WHERE deployment_id = @id ORDER BY revision DESC");
        command.Parameters.AddWithValue("id", id);
        var rows = new List<DeploymentRevisionRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new DeploymentRevisionRecord(reader.GetInt32(0), Parse(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>Inserts or updates the live row and appends the revision, in the caller's transaction.</summary>
    public static async Task SaveAsync(NpgsqlTransaction tx, DeploymentRecord deployment, CancellationToken ct)
    {
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO deployments (id, name, spec, revision, created_at, updated_at, created_by)
            VALUES (@id, @name, @spec, @revision, @created, @updated, @by)
            ON CONFLICT (id) DO UPDATE SET spec = excluded.spec, revision = excluded.revision, updated_at = excluded.updated_at
            """, tx.Connection, tx))
        {
            upsert.Parameters.AddWithValue("id", deployment.Id);
            upsert.Parameters.AddWithValue("name", deployment.Name);
            upsert.Parameters.Add(new NpgsqlParameter("spec", NpgsqlDbType.Jsonb) { Value = Serialize(deployment.Spec) });
            upsert.Parameters.AddWithValue("revision", deployment.Revision);
            upsert.Parameters.AddWithValue("created", deployment.CreatedAt);
            upsert.Parameters.AddWithValue("updated", deployment.UpdatedAt);
            upsert.Parameters.AddWithValue("by", deployment.CreatedBy);
            await upsert.ExecuteNonQueryAsync(ct);
        }

        await using var revision = new NpgsqlCommand("""
            INSERT INTO deployment_revisions (deployment_id, revision, spec, changed_at, changed_by) VALUES (@id, @revision, @spec, @at, @by)
            """, tx.Connection, tx);
        revision.Parameters.AddWithValue("id", deployment.Id);
        revision.Parameters.AddWithValue("revision", deployment.Revision);
        revision.Parameters.Add(new NpgsqlParameter("spec", NpgsqlDbType.Jsonb) { Value = Serialize(deployment.Spec) });
        revision.Parameters.AddWithValue("at", deployment.UpdatedAt);
        revision.Parameters.AddWithValue("by", deployment.CreatedBy);
        await revision.ExecuteNonQueryAsync(ct);
    }

    public static async Task DeleteAsync(NpgsqlTransaction tx, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("UPDATE deployments SET deleted_at = @now WHERE id = @id", tx.Connection, tx);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static string Serialize(DeploymentSpec spec) => JsonSerializer.Serialize(spec, RegistryJson.Options);

    private static DeploymentSpec Parse(string json) =>
        JsonSerializer.Deserialize<DeploymentSpec>(json, RegistryJson.Options) ?? throw new InvalidDataException("A deployment spec is empty.");

    private static async Task<IReadOnlyList<DeploymentRecord>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<DeploymentRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new DeploymentRecord(
                reader.GetGuid(0), reader.GetString(1), Parse(reader.GetString(2)), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6)));
        }

        return rows;
    }
}
