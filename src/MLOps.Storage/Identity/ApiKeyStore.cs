using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Storage.Registry;
using Npgsql;

namespace MLOps.Storage.Identity;

/// <summary>API keys in PostgreSQL: created, listed, revoked (each audited), and looked up by hash.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>How long a found key is trusted without asking PostgreSQL again.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ApiKeyRecord Key, DateTimeOffset LoadedAt)> _recent = new(StringComparer.Ordinal);

    private const string Columns = "id, display_prefix, owner, role, description, created_at, created_by, expires_at, revoked_at, revoked_by";

    /// <summary>Creates a key; the secret is returned here once and never stored.</summary>
    public async Task<(ApiKeyRecord Key, string Secret)> CreateAsync(
        string owner, string role, string? description, DateTimeOffset? expiresAt, string actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(owner) || owner.Length > 200)
        {
            throw MLOpsException.Invalid("An API key needs an owner of 1 to 200 characters: the name the audit trail records.");
        }

        if (!Roles.IsValid(role))
        {
            throw MLOpsException.Invalid($"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        var now = time.GetUtcNow();
        if (expiresAt is not null && expiresAt <= now)
        {
            throw MLOpsException.Invalid("expiresAt must lie in the future.");
        }

        var secret = ApiKeySecrets.NewKey();
        var key = new ApiKeyRecord(Guid.NewGuid(), ApiKeySecrets.DisplayPrefix(secret), owner.Trim(), role, description, now, actor, expiresAt, null, null);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await InsertAsync(tx, key, ApiKeySecrets.Hash(secret), ct);
        await RegistryWriter.AppendAuditAsync(tx, new AuditEntry(actor, "api_key.created", null, null, null, null, View(key)), ct);
        await tx.CommitAsync(ct);
        return (key, secret);
    }

    /// <summary>Makes sure a bootstrap admin key exists (idempotent; used by the AppHost and tests).</summary>
    public async Task EnsureBootstrapKeyAsync(string secret, CancellationToken ct)
    {
        if (!ApiKeySecrets.LooksLikeKey(secret))
        {
            throw new InvalidOperationException("Identity:BootstrapAdminKey must be a key of the form mlops_<random>.");
        }

        var key = new ApiKeyRecord(Guid.NewGuid(), ApiKeySecrets.DisplayPrefix(secret), "bootstrap-admin", Roles.Admin,
            "Created at start-up from Identity:BootstrapAdminKey", time.GetUtcNow(), "system", null, null, null);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await InsertAsync(tx, key, ApiKeySecrets.Hash(secret), ct))
        {
            await RegistryWriter.AppendAuditAsync(tx, new AuditEntry("system", "api_key.created", null, null, null, null, View(key)), ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_keys ORDER BY created_at DESC, id");
        return await ReadAsync(command, ct);
    }

    /// <summary>
    /// The active key with this secret, or null (unknown, revoked or expired). Found keys are remembered for
    /// <see cref="CacheLifetime"/> so the inference hot path does not query PostgreSQL on every request; a
    /// revocation takes effect at once on the replica that made it and within that lifetime on the others.
    /// </summary>
    public async Task<ApiKeyRecord?> FindActiveAsync(string secret, CancellationToken ct)
    {
        var hash = ApiKeySecrets.Hash(secret);
        var now = time.GetUtcNow();
        if (_recent.TryGetValue(hash, out var cached) && now - cached.LoadedAt < CacheLifetime)
        {
            return cached.Key.IsActive(now) ? cached.Key : null;
        }

        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE key_hash = @hash");
        command.Parameters.AddWithValue("hash", hash);
        var key = (await ReadAsync(command, ct)).FirstOrDefault();
        if (key is null || !key.IsActive(now))
        {
            _recent.TryRemove(hash, out _);
            return null;
        }

        _recent[hash] = (key, now);
        return key;
    }

    public async Task<ApiKeyRecord> RevokeAsync(Guid id, string actor, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            UPDATE api_keys SET revoked_at = @now, revoked_by = @actor WHERE id = @id AND revoked_at IS NULL RETURNING {Columns}
            """, connection, tx);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("actor", actor);
        var revoked = (await ReadAsync(command, ct)).FirstOrDefault()
            ?? throw MLOpsException.NotFound($"No unrevoked API key has id {id}.");
        foreach (var (hash, entry) in _recent)
        {
            if (entry.Key.Id == id)
            {
                _recent.TryRemove(hash, out _);
            }
        }

        await RegistryWriter.AppendAuditAsync(tx, new AuditEntry(actor, "api_key.revoked", null, null, null, null, View(revoked)), ct);
        await tx.CommitAsync(ct);
        return revoked;
    }

    private static async Task<bool> InsertAsync(NpgsqlTransaction tx, ApiKeyRecord key, string hash, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO api_keys (id, key_hash, display_prefix, owner, role, description, created_at, created_by, expires_at)
            VALUES (@id, @hash, @prefix, @owner, @role, @description, @created, @by, @expires)
            ON CONFLICT (key_hash) DO NOTHING
            """, tx.Connection, tx);
        command.Parameters.AddWithValue("id", key.Id);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("prefix", key.DisplayPrefix);
        command.Parameters.AddWithValue("owner", key.Owner);
        command.Parameters.AddWithValue("role", key.Role);
        command.Parameters.AddWithValue("description", (object?)key.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("created", key.CreatedAt);
        command.Parameters.AddWithValue("by", key.CreatedBy);
        command.Parameters.AddWithValue("expires", (object?)key.ExpiresAt ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private static async Task<IReadOnlyList<ApiKeyRecord>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var keys = new List<ApiKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add(new ApiKeyRecord(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return keys;
    }

    private static object View(ApiKeyRecord key) => new { id = key.Id, prefix = key.DisplayPrefix, owner = key.Owner, role = key.Role, expiresAt = key.ExpiresAt, revokedAt = key.RevokedAt };
}
