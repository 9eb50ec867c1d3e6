namespace MLOps.Server.Hosting;

/// <summary>Names of the connection strings, as an Aspire AppHost (or ours) passes them: ConnectionStrings:&lt;name&gt;.</summary>
public static class ConnectionNames
{
    public const string Database = "mlops-db";
    public const string Artifacts = "artifacts";
}
