using System.Text.Json;
using GraphQL;
using MLOps.Api.GraphQL.Http;

namespace MLOps.Api.GraphQL.WebSockets;

/// <summary>
/// Checks the fields of a client's message against the protocol; each method returns null when the field is
/// valid, or the sentence that closes the socket with 4400.
/// </summary>
internal static class GraphQLWebSocketMessageReader
{
    public static string? ReadId(string type, JsonElement id, out string value)
    {
        value = id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty;
        return value.Length > 0 ? null : $"'{type}' needs a non-empty string 'id'.";
    }

    public static string? CheckObjectOrAbsent(string type, JsonElement payload) =>
        payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object
            ? null
            : $"The payload of '{type}' must be an object.";

    /// <summary>The GraphQL request of a subscribe message: query, operationName, variables and extensions.</summary>
    public static string? ReadRequest(JsonElement payload, IGraphQLTextSerializer serializer, out GraphQLHttpRequest? request)
    {
        request = null;
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String || query.GetString()!.Length == 0)
        {
            return "subscribe needs a payload with a 'query' string.";
        }

        string? operationName = null;
        if (payload.TryGetProperty("operationName", out var name) && name.ValueKind != JsonValueKind.Null)
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                return "subscribe's 'operationName' must be a string or null.";
            }

            operationName = name.GetString();
        }

        var problem = ReadInputs(payload, "variables", serializer, out var variables);
        if (problem is not null)
        {
            return problem;
        }

        problem = ReadInputs(payload, "extensions", serializer, out var extensions);
        if (problem is not null)
        {
            return problem;
        }

        request = new GraphQLHttpRequest(query.GetString()!, operationName, variables, extensions);
        return null;
    }

    private static string? ReadInputs(JsonElement payload, string property, IGraphQLTextSerializer serializer, out Inputs? inputs)
    {
        inputs = null;
        if (!payload.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"subscribe's '{property}' must be an object or null.";
        }

        inputs = serializer.ReadNode<Inputs>(value);
        return null;
    }
}
