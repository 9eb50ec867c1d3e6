namespace MLOps.AppHost.Resources;

/// <summary>How to start a local PostgreSQL server.</summary>
public sealed class PostgresServerOptions
{
    /// <summary>The cluster's directory: initialized with initdb when empty or missing, reused when it holds a cluster.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// The TCP port on 127.0.0.1. 0 picks one: the port this data directory used last time when it is free,
    /// otherwise a free port.
    /// </summary>
    public int Port { get; init; }

    /// <summary>Databases created when missing once the server is up.</summary>
    public IReadOnlyList<string> Databases { get; init; } = [];

    /// <summary>
    /// The password of the postgres superuser, checked with scram-sha-256. Null means trust authentication,
    /// which is safe only because the server listens on 127.0.0.1 alone.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// False trades crash safety for speed (fsync, synchronous_commit and full_page_writes off, initdb --no-sync):
    /// right for throwaway test clusters, wrong for data someone wants to keep.
    /// </summary>
    public bool Durable { get; init; } = true;

    /// <summary>Receives every line PostgreSQL prints; null discards them (they still appear in start-up errors).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>How long to wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
