using System.Net.Http.Headers;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>
/// The .NET client of the MLOps platform: experiments and runs (with background metric batching through
/// <see cref="ActiveRun"/>), artifacts, the model registry, deployments and inference. Every failure is an
/// <see cref="MlopsException"/> carrying the server's error code, HTTP status and message. Thread-safe.
/// </summary>
public sealed partial class MlopsClient : IAsyncDisposable
{
    private readonly HttpClient? _ownedHttp;
    private readonly MlopsHttp _http;

    /// <summary>A client for the server at <paramref name="baseAddress"/> sending <paramref name="apiKey"/> as a bearer token.</summary>
    /// <param name="baseAddress">The server's address, such as http://localhost:5100.</param>
    /// <param name="apiKey">The API key (mlops_...).</param>
    /// <param name="options">Batching, retry and time-out settings; the defaults when null.</param>
    public MlopsClient(Uri baseAddress, string apiKey, MlopsClientOptions? options = null)
        : this(baseAddress, apiKey, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, options)
    {
    }

    /// <summary>A client for the server at <paramref name="baseAddress"/> that sends its requests through <paramref name="handler"/>.</summary>
    /// <param name="baseAddress">The server's address, such as http://localhost:5100.</param>
    /// <param name="apiKey">The API key (mlops_...).</param>
    /// <param name="handler">The handler that sends the requests; disposed with the client.</param>
    /// <param name="options">Batching, retry and time-out settings; the defaults when null.</param>
    public MlopsClient(Uri baseAddress, string apiKey, HttpMessageHandler handler, MlopsClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentNullException.ThrowIfNull(handler);
        // Requests carry their own time limits (RequestTimeout) except artifact transfers, which stream as long as they need.
        _ownedHttp = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = WithTrailingSlash(baseAddress),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _ownedHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey.Trim());
        Options = options ?? new MlopsClientOptions();
        Options.Validate();
        _http = new MlopsHttp(_ownedHttp, Options.RequestTimeout);
    }

    /// <summary>
    /// A client that sends its requests with <paramref name="httpClient"/>, which must have its BaseAddress and
    /// its Authorization header set. The client does not dispose it. Its Timeout applies on top of
    /// <see cref="MlopsClientOptions.RequestTimeout"/>; set it to <see cref="Timeout.InfiniteTimeSpan"/> for large artifacts.
    /// </summary>
    /// <param name="httpClient">The configured HttpClient.</param>
    /// <param name="options">Batching, retry and time-out settings; the defaults when null.</param>
    public MlopsClient(HttpClient httpClient, MlopsClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs its BaseAddress: the MLOps server's address.", nameof(httpClient));
        }

        Options = options ?? new MlopsClientOptions();
        Options.Validate();
        _http = new MlopsHttp(httpClient, Options.RequestTimeout);
    }

    /// <summary>The settings this client and its runs use.</summary>
    public MlopsClientOptions Options { get; }

    /// <summary>The server's address.</summary>
    public Uri BaseAddress => _http.Client.BaseAddress!;

    /// <summary>Releases the HttpClient the client created (not one given to it). End or dispose active runs first.</summary>
    public ValueTask DisposeAsync()
    {
        _ownedHttp?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Uri WithTrailingSlash(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
