using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MLOps.Client.Internal;

/// <summary>
/// Sends GraphQL operations and REST requests, and turns every failure into an <see cref="MlopsException"/>:
/// GraphQL errors and REST error bodies keep the server's code and sentence; no response becomes UNAVAILABLE.
/// </summary>
internal sealed class MlopsHttp(HttpClient http, TimeSpan requestTimeout)
{
    public HttpClient Client => http;

    /// <summary>Runs a GraphQL operation and returns its data, or throws the first error.</summary>
    public async Task<JsonElement> GraphQLAsync(string query, object? variables, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql")
        {
            Content = JsonContent.Create(new GraphQLRequest(query, variables), options: JsonOptions.Default),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var body = await SendForJsonAsync(request, cancellationToken);
        return body.Optional("data") ?? throw new MlopsException(MlopsErrorCodes.Internal, "The GraphQL answer has neither data nor errors.");
    }

    /// <summary>Sends a request with a time limit and returns its JSON body, or throws the error it carries.</summary>
    public Task<JsonElement> SendForJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendWithTimeLimitAsync(request, async (response, token) =>
        {
            var body = await ReadJsonAsync(response, token);
            if (body?.Optional("errors") is { ValueKind: JsonValueKind.Array } errors && errors.GetArrayLength() > 0)
            {
                throw FromGraphQLError(errors[0], response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw FromRestError(body, response);
            }

            return body ?? throw new MlopsException(MlopsErrorCodes.Internal, $"{request.Method} {request.RequestUri} answered without a JSON body.", response.StatusCode);
        }, cancellationToken);

    /// <summary>
    /// Sends a request with a time limit and hands a successful response and its whole body to
    /// <paramref name="read"/>, or throws the error the response carries.
    /// </summary>
    public Task<T> SendForBytesAsync<T>(HttpRequestMessage request, Func<HttpResponseMessage, byte[], T> read, CancellationToken cancellationToken) =>
        SendWithTimeLimitAsync(request, async (response, token) => response.IsSuccessStatusCode
            ? read(response, await response.Content.ReadAsByteArrayAsync(token))
            : throw FromRestError(await ReadJsonAsync(response, token), response), cancellationToken);

    // The request's time limit and the failures of sending it: no answer in time and no server are UNAVAILABLE.
    private async Task<T> SendWithTimeLimitAsync<T>(
        HttpRequestMessage request, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            return await read(response, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MlopsException(MlopsErrorCodes.Unavailable, $"{request.Method} {request.RequestUri} had no answer within {requestTimeout.TotalSeconds:0.#} s.", null, e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(request, e);
        }
    }

    /// <summary>
    /// Sends a request without a time limit (the body streams for as long as it takes) and returns the response
    /// once its headers arrived, or throws the error it carries. The caller disposes the response.
    /// </summary>
    public async Task<HttpResponseMessage> SendStreamingAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(request, e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw FromRestError(await ReadJsonAsync(response, cancellationToken), response);
        }
    }

    /// <summary>A path under the server with each segment escaped, the slashes between them kept.</summary>
    public static string Path(string prefix, string path) =>
        prefix + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static MlopsException FromGraphQLError(JsonElement error, HttpStatusCode status)
    {
        var code = error.Optional("extensions")?.OptionalString("code") ?? MlopsErrorCodes.Validation;
        return new MlopsException(code, error.OptionalString("message") ?? "The GraphQL request failed.", status);
    }

    private static MlopsException FromRestError(JsonElement? body, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var code = body?.OptionalString("code") ?? CodeOf(status);
        var message = body?.OptionalString("error") ?? body?.OptionalString("detail") ?? body?.OptionalString("title")
            ?? $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)status} {response.ReasonPhrase}.";
        return new MlopsException(code, message, status);
    }

    private static string CodeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => MlopsErrorCodes.NotFound,
        HttpStatusCode.Conflict => MlopsErrorCodes.Conflict,
        HttpStatusCode.Unauthorized => MlopsErrorCodes.Unauthenticated,
        HttpStatusCode.Forbidden => MlopsErrorCodes.Forbidden,
        HttpStatusCode.RequestEntityTooLarge => MlopsErrorCodes.LimitExceeded,
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => MlopsErrorCodes.Unavailable,
        _ when (int)status >= 500 => MlopsErrorCodes.Internal,
        _ => MlopsErrorCodes.Validation,
    };

    private MlopsException Unreachable(HttpRequestMessage request, HttpRequestException e) =>
        new(MlopsErrorCodes.Unavailable, $"Could not reach the MLOps server at {http.BaseAddress} for {request.Method} {request.RequestUri}: {e.Message}", null, e);

    private sealed record GraphQLRequest(string Query, object? Variables);
}
