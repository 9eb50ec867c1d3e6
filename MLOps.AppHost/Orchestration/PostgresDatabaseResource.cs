namespace MLOps.AppHost.Orchestration;

/// <summary>One database on a <see cref="PostgresResource"/> ("mlops-db" → database "mlops").</summary>
internal sealed class PostgresDatabaseResource(string name, string databaseName, PostgresResource server) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    public RunnableResource Owner => server;

    public string GetConnectionString() => server.Server.GetConnectionString(databaseName);
}
