using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace MLOps.AppHost.Orchestration;

/// <summary>Reads <see cref="AppHostOptions"/> from the environment and the command line, and prints --help.</summary>
internal static class AppHostCommandLine
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--replicas"] = $"{AppHostOptions.SectionName}:{nameof(AppHostOptions.Replicas)}",
        ["--http-port"] = $"{AppHostOptions.SectionName}:{nameof(AppHostOptions.HttpPort)}",
        ["--silo-port"] = $"{AppHostOptions.SectionName}:{nameof(AppHostOptions.SiloPort)}",
        ["--gateway-port"] = $"{AppHostOptions.SectionName}:{nameof(AppHostOptions.GatewayPort)}",
        ["--storage-port"] = $"{AppHostOptions.SectionName}:{nameof(AppHostOptions.StoragePort)}",
        ["--startup-timeout"] = $"{AppHostOptions.SectionName}:{nameof(AppHostOptions.StartupTimeoutSeconds)}",
        ["--shutdown-timeout"] = $"{AppHostOptions.SectionName}:{nameof(AppHostOptions.ShutdownTimeoutSeconds)}",
    };

    private const string Usage = """
        Usage: dotnet run --project MLOps.AppHost [-- options]

        Starts PostgreSQL (.data/postgres), Azurite (.data/azurite) and the MLOps server replicas on this machine.
        Ctrl+C stops everything: servers first, then Azurite, then PostgreSQL.

        Options (or environment variables AppHost__<Name>):
          --replicas <n>           server replicas, 0 for the infrastructure only   (Replicas, default 2)
          --http-port <port>       first replica's HTTP port, the next ones follow  (HttpPort, default 5100)
          --silo-port <port>       first replica's Orleans silo port                (SiloPort, default 11111)
          --gateway-port <port>    first replica's Orleans gateway port             (GatewayPort, default 30000)
          --storage-port <port>    Azurite's blob port                              (StoragePort, default 10000)
          --startup-timeout <s>    seconds a replica has to answer GET /health      (StartupTimeoutSeconds, default 120)
          --shutdown-timeout <s>   seconds a replica has to stop after SIGTERM      (ShutdownTimeoutSeconds, default 15)
          --help                   this text

        A port that is taken is replaced by a free one. PostgreSQL reuses the port of its previous run when free.
        OTEL_EXPORTER_OTLP_ENDPOINT, when set, is passed on to the replicas.
        """;

    /// <summary>False after --help (exit code 0) or an option it could not read (exit code 1), both already printed.</summary>
    public static bool TryParse(string[] args, out AppHostOptions options, out int exitCode)
    {
        options = new AppHostOptions();
        exitCode = 0;
        if (args.Any(arg => arg is "--help" or "-h" or "-?"))
        {
            Console.WriteLine(Usage);
            return false;
        }

        exitCode = 1;
        if (FindMistake(args) is { } mistake)
        {
            Console.Error.WriteLine($"{mistake}; run with --help to see the options.");
            return false;
        }

        try
        {
            new ConfigurationBuilder()
                .AddEnvironmentVariables()
                .AddCommandLine(args, Switches)
                .Build()
                .GetSection(AppHostOptions.SectionName)
                .Bind(options);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{e.Message} Run with --help to see the options.");
            return false;
        }

        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine(error.ErrorMessage);
            }

            return false;
        }

        exitCode = 0;
        return true;
    }

    /// <summary>Unknown options, options without a value and stray words, which the configuration reader would ignore.</summary>
    private static string? FindMistake(string[] args)
    {
        for (var index = 0; index < args.Length; index++)
        {
            var name = args[index].Split('=', 2)[0];
            if (!name.StartsWith('-'))
            {
                return $"Unexpected argument '{args[index]}'";
            }

            if (!Switches.ContainsKey(name) && !name.StartsWith($"--{AppHostOptions.SectionName}:", StringComparison.OrdinalIgnoreCase))
            {
                return $"Unknown option {name}";
            }

            if (!args[index].Contains('=', StringComparison.Ordinal) && ++index >= args.Length)
            {
                return $"Option {name} needs a value";
            }
        }

        return null;
    }
}
