using System.Net.Http.Json;
using System.Text.Json;

namespace MLOps.IntegrationTests.Fixtures;

/// <summary>Posts GraphQL operations and reads the response, for tests.</summary>
public static class GraphQLClient
{
    public static async Task<JsonElement> QueryAsync(this HttpClient client, string query, object? variables = null)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The data of a response that must have no errors.</summary>
    public static async Task<JsonElement> DataAsync(this HttpClient client, string query, object? variables = null)
    {
        var body = await client.QueryAsync(query, variables);
        Assert.False(body.TryGetProperty("errors", out var errors), "Unexpected errors: " + errors);
        return body.GetProperty("data");
    }

    /// <summary>The code of the first error of a response that must have one.</summary>
    public static async Task<(string Code, string Message)> ErrorAsync(this HttpClient client, string query, object? variables = null)
    {
        var body = await client.QueryAsync(query, variables);
        Assert.True(body.TryGetProperty("errors", out var errors), "Expected an error, got: " + body);
        var first = errors[0];
        return (first.GetProperty("extensions").GetProperty("code").GetString()!, first.GetProperty("message").GetString()!);
    }

    /// <summary>Uploads bytes with PUT /api/artifacts and returns the hash.</summary>
    public static async Task<string> UploadAsync(this HttpClient client, byte[] content)
    {
        using var response = await client.PutAsync("/api/artifacts", new ByteArrayContent(content));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("sha256").GetString()!;
    }

    /// <summary>Creates an API key with this role and returns its secret.</summary>
    public static async Task<string> CreateKeyAsync(this HttpClient admin, string owner, string role)
    {
        var data = await admin.DataAsync(
            "mutation($owner: String!, $role: String!) { createApiKey(owner: $owner, role: $role) { secret apiKey { id } } }",
            new { owner, role });
        return data.GetProperty("createApiKey").GetProperty("secret").GetString()!;
    }
}
