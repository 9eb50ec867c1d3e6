namespace MLOps.Storage.Database;

/// <summary>One versioned SQL script, embedded in this assembly as Migrations/NNNN_name.sql.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum);
