using System.Text.Json;
using GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace MLOps.Api.GraphQL.Http;

/// <summary>
/// Turns an HTTP request into GraphQL request parameters following the GraphQL-over-HTTP specification, or
/// into a <see cref="GraphQLHttpProblem"/> that says exactly what is wrong with it.
/// </summary>
public sealed class GraphQLHttpRequestReader(IGraphQLTextSerializer serializer)
{
    public async Task<(GraphQLHttpRequest? Request, GraphQLHttpProblem? Problem)> ReadAsync(
        HttpRequest request, int maxRequestBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method))
        {
            return ReadQueryString(request.Query);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, GraphQLMediaTypes.Json, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                $"POST requests must have Content-Type: {GraphQLMediaTypes.Json} with a body like {{\"query\": \"{{ serverInfo {{ version }} }}\"}}.");
        }

        if (contentType.Charset.HasValue && !string.Equals(contentType.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Request bodies must be encoded as utf-8.");
        }

        if (request.ContentLength > maxRequestBytes)
        {
            return TooLarge(maxRequestBytes);
        }

        var body = await ReadBodyAsync(request.Body, maxRequestBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge(maxRequestBytes);
        }

        if (body.Length == 0)
        {
            return Invalid("The request body is empty; send a JSON object with a \"query\" string.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return Fail(StatusCodes.Status400BadRequest, "INVALID_JSON",
                $"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); send a JSON object with a \"query\" string.");
        }

        using (document)
        {
            return ReadJsonBody(document.RootElement);
        }
    }

    private (GraphQLHttpRequest?, GraphQLHttpProblem?) ReadQueryString(IQueryCollection query)
    {
        var text = query["query"].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return Invalid("The \"query\" parameter is missing; pass the GraphQL document as ?query=...");
        }

        var operationName = query["operationName"].ToString();
        if (!TryParseJsonObject(query["variables"].ToString(), "variables", out var variables, out var problem)
            || !TryParseJsonObject(query["extensions"].ToString(), "extensions", out var extensions, out problem))
        {
            return (null, problem);
        }

        return (new GraphQLHttpRequest(text, operationName.Length == 0 ? null : operationName, variables, extensions), null);
    }

    private (GraphQLHttpRequest?, GraphQLHttpProblem?) ReadJsonBody(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The request body must be a JSON object with a \"query\" string.");
        }

        if (!root.TryGetProperty("query", out var queryElement) || queryElement.ValueKind == JsonValueKind.Null)
        {
            return Invalid("The request has no \"query\"; send the GraphQL document as a string in the \"query\" field.");
        }

        if (queryElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(queryElement.GetString()))
        {
            return Invalid("\"query\" must be a non-empty string holding the GraphQL document.");
        }

        string? operationName = null;
        if (root.TryGetProperty("operationName", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null)
        {
            if (nameElement.ValueKind != JsonValueKind.String)
            {
                return Invalid("\"operationName\" must be a string or null.");
            }

            operationName = nameElement.GetString();
        }

        if (!TryReadObject(root, "variables", out var variables, out var problem)
            || !TryReadObject(root, "extensions", out var extensions, out problem))
        {
            return (null, problem);
        }

        return (new GraphQLHttpRequest(queryElement.GetString()!, operationName, variables, extensions), null);
    }

    private bool TryReadObject(JsonElement root, string name, out Inputs? value, out GraphQLHttpProblem? problem)
    {
        value = null;
        problem = null;
        return !root.TryGetProperty(name, out var element) || TryConvertObject(element, name, out value, out problem);
    }

    private bool TryParseJsonObject(string text, string name, out Inputs? value, out GraphQLHttpProblem? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return TryConvertObject(document.RootElement, name, out value, out problem);
        }
        catch (JsonException)
        {
            problem = new GraphQLHttpProblem(
                StatusCodes.Status400BadRequest, "INVALID_JSON", $"The \"{name}\" parameter is not valid JSON; pass a URL-encoded JSON object.");
            return false;
        }
    }

    private bool TryConvertObject(JsonElement element, string name, out Inputs? value, out GraphQLHttpProblem? problem)
    {
        value = null;
        problem = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = new GraphQLHttpProblem(StatusCodes.Status400BadRequest, "INVALID_REQUEST", $"\"{name}\" must be a JSON object or null.");
            return false;
        }

        value = serializer.Deserialize<Inputs>(element.GetRawText());
        return true;
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream body, int maxRequestBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static (GraphQLHttpRequest?, GraphQLHttpProblem?) TooLarge(int maxRequestBytes) =>
        Fail(StatusCodes.Status413PayloadTooLarge, "LIMIT_EXCEEDED", $"The request body is larger than the limit of {maxRequestBytes} bytes.");

    private static (GraphQLHttpRequest? Request, GraphQLHttpProblem? Problem) Invalid(string message) =>
        Fail(StatusCodes.Status400BadRequest, "INVALID_REQUEST", message);

    private static (GraphQLHttpRequest? Request, GraphQLHttpProblem? Problem) Fail(int status, string code, string message) =>
        (null, new GraphQLHttpProblem(status, code, message));
}
