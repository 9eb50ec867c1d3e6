using System.Net;
using Npgsql;

namespace MLOps.Server.Hosting;

/// <summary>
/// How this process authenticates to PostgreSQL, decided once from ConnectionStrings:mlops-db. A password in
/// the connection string (or a loopback server that trusts local connections) is used as is. No password for
/// a remote server means Microsoft Entra: our data source asks DefaultAzureCredential for tokens, and the
/// Orleans ADO.NET providers, which open connections from a plain connection string through NpgsqlFactory,
/// read the current token from a password file that <see cref="EntraPassfileRefresher"/> keeps fresh.
/// </summary>
public sealed record PostgresConnection(string ConnectionString, bool UsesEntra, string? PassfilePath)
{
    /// <summary>The connection string handed to the Orleans providers.</summary>
    public string ProvidersConnectionString => PassfilePath is null
        ? ConnectionString
        : new NpgsqlConnectionStringBuilder(ConnectionString) { Passfile = PassfilePath }.ConnectionString;

    public static PostgresConnection Resolve(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // Our queries are short OLTP statements, but on large tracking tables the planner's cost estimates for
        // some (EXISTS under OR in runs search, the history query's gated branches) cross jit_above_cost, and
        // JIT compilation then costs 30-250 ms for a query that runs in a few. Off for our sessions unless the
        // connection string sets jit itself.
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : builder.Options + " -c jit=off";
            connectionString = builder.ConnectionString;
        }

        if (!string.IsNullOrEmpty(builder.Password) || IsLocal(builder.Host))
        {
            return new PostgresConnection(connectionString, UsesEntra: false, PassfilePath: null);
        }

        var passfile = Path.Combine(Path.GetTempPath(), $"mlops-pgpass-{Environment.ProcessId}");
        return new PostgresConnection(connectionString, UsesEntra: true, passfile);
    }

    // Host may list several servers and carry ports ("a:5432,b"); all of them must be local.
    private static bool IsLocal(string? host) =>
        host is null || host.Split(',').All(entry => IsLocalEntry(entry.Trim()));

    private static bool IsLocalEntry(string host)
    {
        if (host.StartsWith('/'))
        {
            return true;
        }

        var name = IPEndPoint.TryParse(host, out var endpoint) ? endpoint.Address.ToString() : host.Split(':')[0];
        return name == "localhost" || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }
}
