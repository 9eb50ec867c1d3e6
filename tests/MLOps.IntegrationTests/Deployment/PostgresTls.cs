using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MLOps.AppHost.Resources;
using Npgsql;

namespace MLOps.IntegrationTests.Deployment;

/// <summary>Turns TLS on in a running test PostgreSQL with a throwaway self-signed certificate.</summary>
internal static class PostgresTls
{
    public static async Task EnableAsync(PostgresServer server)
    {
        var certificatePath = Path.Combine(server.DataDirectory, "test-server.crt");
        var keyPath = Path.Combine(server.DataDirectory, "test-server.key");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (Environment.UserName == "root")
        {
            // The server runs as the postgres user and refuses a key it does not own.
            using var chown = Process.Start("chown", ["postgres:postgres", certificatePath, keyPath]);
            await chown.WaitForExitAsync();
        }

        await using var connection = new NpgsqlConnection(server.GetConnectionString("postgres"));
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            $"ALTER SYSTEM SET ssl_cert_file = '{certificatePath}'",
            $"ALTER SYSTEM SET ssl_key_file = '{keyPath}'",
            "ALTER SYSTEM SET ssl = on",
            "SELECT pg_reload_conf()",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
