using System.CommandLine;

namespace MLOps.Cli.Hosting;

/// <summary>The options every command takes: the server, the API key and the output format.</summary>
internal sealed class GlobalOptions
{
    public const string UrlVariable = "MLOPS_URL";
    public const string ApiKeyVariable = "MLOPS_API_KEY";
    public const string DefaultUrl = "http://localhost:5100";

    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The MLOps server's address (default: ${UrlVariable}, else {DefaultUrl}).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : DefaultUrl,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key to send (default: ${ApiKeyVariable}).",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ApiKeyVariable),
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result as JSON instead of a table.",
        Recursive = true,
    };
}
