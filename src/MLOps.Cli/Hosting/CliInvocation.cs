using System.CommandLine;
using System.Net.Http.Headers;
using MLOps.Client;

namespace MLOps.Cli.Hosting;

/// <summary>One command's run: its parsed values, its output and (created on first use) its client.</summary>
internal sealed class CliInvocation : IAsyncDisposable
{
    private readonly GlobalOptions _options;
    private HttpClient? _http;
    private MlopsClient? _client;

    public CliInvocation(ParseResult parse, GlobalOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        Parse = parse;
        _options = options;
        Environment = environment;
        CancellationToken = cancellationToken;
        Output = new CliOutput(environment, parse.GetValue(options.Json));
    }

    public ParseResult Parse { get; }

    public CliEnvironment Environment { get; }

    public CliOutput Output { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The client for --url and --api-key.</summary>
    public MlopsClient Client => _client ??= CreateClient();

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _http?.Dispose();
    }

    private MlopsClient CreateClient()
    {
        var url = Parse.GetValue(_options.Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"--url '{url}' is not an http or https address.");
        }

        var key = Parse.GetValue(_options.ApiKey);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new CliUsageException($"Give an API key with --api-key or the {GlobalOptions.ApiKeyVariable} environment variable.");
        }

        // The handler (a test's) belongs to the caller; the client's own socket handler goes with the HttpClient.
        _http = Environment.Handler is null ? new HttpClient() : new HttpClient(Environment.Handler, disposeHandler: false);
        _http.BaseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Trim());
        return new MlopsClient(_http);
    }
}
