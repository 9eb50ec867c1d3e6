using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using MLOps.AppHost.Resources;

namespace MLOps.Bench;

/// <summary>
/// A real MLOps.Server process started from its build output, the way the AppHost starts a replica, in front
/// of a throwaway PostgreSQL and Azurite; disposing it stops all three and deletes their data.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private const int OutputLines = 200;

    private readonly PostgresServer _postgres;
    private readonly AzuriteServer _azurite;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private BenchServer(PostgresServer postgres, AzuriteServer azurite, Process process, Uri baseAddress)
    {
        _postgres = postgres;
        _azurite = azurite;
        _process = process;
        BaseAddress = baseAddress;
    }

    public static string AdminKey { get; } = "mlops_bench_admin_" + Guid.NewGuid().ToString("N");

    public Uri BaseAddress { get; }

    /// <summary>The server's database, for seeding and for the naive baseline.</summary>
    private const string ServerEnvironmentPrefix = "BENCH_SERVER_";

    public string DatabaseConnectionString => _postgres.GetConnectionString("mlops");

    /// <summary>Starts PostgreSQL, Azurite and the server with <paramref name="settings"/> as extra environment.</summary>
    public static async Task<BenchServer> StartAsync(
        IReadOnlyDictionary<string, string> settings, string? serverAssembly, bool durablePostgres, CancellationToken cancellationToken)
    {
        var postgresTask = PostgresServer.CreateTemporaryAsync(durablePostgres, cancellationToken);
        var azuriteTask = AzuriteServer.CreateTemporaryAsync(cancellationToken);
        var postgres = await postgresTask;
        var azurite = await azuriteTask;
        await postgres.EnsureDatabaseAsync("mlops", cancellationToken);

        var httpPort = FreePort();
        var assembly = serverAssembly ?? ServerAssemblyPath();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        start.Environment["ConnectionStrings__mlops-db"] = postgres.GetConnectionString("mlops");
        start.Environment["ConnectionStrings__artifacts"] = azurite.ConnectionString;
        start.Environment["Orleans__ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8];
        start.Environment["Orleans__ServiceId"] = "mlops-bench";
        start.Environment["Orleans__SiloName"] = "bench-0";
        start.Environment["Orleans__Endpoints__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__Endpoints__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Identity__BootstrapAdminKey"] = AdminKey;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        // BENCH_SERVER_<NAME>=value in the bench's environment reaches the server alone as <NAME>=value, so that a
        // runtime setting (DOTNET_GCgen0size, for one) can be tried on the server without changing the load generator.
        foreach (var entry in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>())
        {
            if (entry.Key is string name && name.StartsWith(ServerEnvironmentPrefix, StringComparison.Ordinal) && name.Length > ServerEnvironmentPrefix.Length)
            {
                start.Environment[name[ServerEnvironmentPrefix.Length..]] = entry.Value as string ?? string.Empty;
            }
        }

        var process = new Process { StartInfo = start };
        var server = new BenchServer(postgres, azurite, process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}/")));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the model, uploads its bytes, registers version 1 and waits until it serves.</summary>
    public async Task<int> RegisterAsync(BenchModel model, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        await GraphQLAsync(client, "mutation($n: String!) { createModel(name: $n) { name } }", new { n = model.Name }, cancellationToken);
        using var upload = await client.PutAsync("/api/artifacts", new ByteArrayContent(model.Bytes), cancellationToken);
        var uploaded = await upload.Content.ReadAsStringAsync(cancellationToken);
        if (!upload.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Uploading {model.Name} failed ({(int)upload.StatusCode}): {uploaded}");
        }

        var sha256 = JsonDocument.Parse(uploaded).RootElement.GetProperty("sha256").GetString();
        var data = await GraphQLAsync(
            client,
            "mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version status } }",
            new { n = model.Name, s = sha256 },
            cancellationToken);
        var version = data.GetProperty("registerModelVersion").GetProperty("version").GetInt32();

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            using var ready = await client.GetAsync($"/v2/models/{model.Name}/versions/{version}/ready", cancellationToken);
            if (ready.IsSuccessStatusCode)
            {
                return version;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{model.Name} v{version} never became ready: {await ready.Content.ReadAsStringAsync(cancellationToken)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>
    /// The server's own counters for a model from /metrics: rows inferred and ONNX Runtime executions, whose
    /// ratio is the mean batch size the dynamic batcher reached.
    /// </summary>
    public async Task<(double Rows, double Executions)> ReadCountersAsync(string model, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        var label = $"model=\"{model}\"";
        double rows = 0, executions = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.Contains(label, StringComparison.Ordinal))
            {
                continue;
            }

            var value = double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
            if (line.StartsWith("mlops_inference_count_total{", StringComparison.Ordinal))
            {
                rows += value;
            }
            else if (line.StartsWith("mlops_inference_executions_total{", StringComparison.Ordinal))
            {
                executions += value;
            }
        }

        return (rows, executions);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _azurite.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    /// <summary>An HttpClient for the server with the admin key.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>Runs a GraphQL operation and returns its data; throws on errors.</summary>
    public static async Task<JsonElement> GraphQLAsync(HttpClient client, string query, object variables, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = JsonDocument.Parse(text).RootElement;
        if (!response.IsSuccessStatusCode || body.TryGetProperty("errors", out _))
        {
            throw new InvalidOperationException($"GraphQL failed ({(int)response.StatusCode}): {text}");
        }

        return body.GetProperty("data");
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"MLOps.Server exited with code {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var response = await client.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow start; try again.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"MLOps.Server was not healthy within {timeout}:\n{Output()}");
    }

    private static string ServerAssemblyPath()
    {
        // MLOps.AppHost.csproj builds the server and records its assembly's path in the AppHost assembly.
        var path = typeof(PostgresServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "MLOpsServerAssembly")?.Value;
        return path is not null && File.Exists(path)
            ? path
            : throw new FileNotFoundException("MLOps.Server.dll was not built; build bench/MLOps.Bench (it builds the server through MLOps.AppHost).", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > OutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return new StringBuilder().AppendJoin('\n', _output).ToString();
        }
    }
}
