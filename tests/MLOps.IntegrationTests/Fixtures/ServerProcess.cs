using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MLOps.IntegrationTests.Fixtures;

/// <summary>
/// A real MLOps.Server process, started from the build output exactly as the AppHost starts replicas, so a
/// test can kill it without any clean shutdown.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Uri? _baseAddress;

    // httpPort 0: the server binds a port of the kernel's choosing and says which when it listens. A port picked
    // free beforehand could be taken, while this process starts, by another test's in-process server (which binds
    // port 0), and the health probe would then find that server instead of this one.
    private ServerProcess(Process process, string name, int httpPort, int siloPort)
    {
        _process = process;
        Name = name;
        _baseAddress = httpPort == 0 ? null : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}/"));
        SiloPort = siloPort;
    }

    /// <summary>The bootstrap admin key every replica started by tests ensures.</summary>
    public static string AdminKey { get; } = "mlops_test_admin_" + Guid.NewGuid().ToString("N");

    public string Name { get; }

    /// <summary>An HTTP client for this replica that sends the admin key.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>Where the replica listens; known once it said so (<see cref="WaitUntilHealthyAsync"/> waits for it).</summary>
    public Uri BaseAddress => Volatile.Read(ref _baseAddress) ?? throw new InvalidOperationException($"{Name} has not started listening yet; await WaitUntilHealthyAsync first.");

    public int SiloPort { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a replica the way the AppHost does (Development, loopback, free ports).</summary>
    public static ServerProcess Start(string name, string database, string artifacts, string clusterId, IDictionary<string, string>? extra = null)
    {
        const int httpPort = 0;
        var siloPort = LoopbackPorts.GetFree();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__mlops-db"] = database,
            ["ConnectionStrings__artifacts"] = artifacts,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = "mlops-tests",
            ["Orleans__SiloName"] = name,
            ["Orleans__Endpoints__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}"),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Identity__BootstrapAdminKey"] = AdminKey,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return StartWithEnvironment(name, environment, httpPort, siloPort);
    }

    /// <summary>Starts a replica with exactly this environment (plus the inherited one, minus OTLP export).</summary>
    public static ServerProcess StartWithEnvironment(string name, IDictionary<string, string> environment, int httpPort, int siloPort)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { ServerAssemblyPath() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerAssemblyPath())!,
        };
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, name, httpPort, siloPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls /health until it answers 200; fails with the process output if it never does.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _baseAddress) is null && DateTime.UtcNow < deadline && !_process.HasExited)
        {
            await Task.Delay(100);
        }

        if (Volatile.Read(ref _baseAddress) is not { } address)
        {
            throw _process.HasExited
                ? new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{Output}")
                : new TimeoutException($"{Name} did not start listening within {timeout}:\n{Output}");
        }

        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start; try again.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not healthy within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, the silo simply vanishes from the network.</summary>
    public void KillAbruptly()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string ServerAssemblyPath()
    {
        // The server is referenced by this project, so its build output (with its own deps.json) sits beside ours.
        var path = Path.Combine(AppContext.BaseDirectory, "MLOps.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("MLOps.Server.dll is not in the test output; build the solution first.", path);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        // Kestrel's start-up line (Microsoft.Hosting.Lifetime): "Now listening on: http://127.0.0.1:41234", or
        // "http://[::]:41234" when it binds every address; either way the replica answers on loopback.
        const string Listening = "Now listening on: ";
        var at = line.IndexOf(Listening, StringComparison.Ordinal);
        if (at >= 0 && _baseAddress is null && Uri.TryCreate(line[(at + Listening.Length)..].Trim(), UriKind.Absolute, out var address))
        {
            Volatile.Write(ref _baseAddress, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{address.Port}/")));
        }
    }
}
