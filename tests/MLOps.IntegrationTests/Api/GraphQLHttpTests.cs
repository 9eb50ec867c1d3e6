using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Api;

/// <summary>The GraphQL-over-HTTP transport, case by case against the spec's media types and status codes.</summary>
[Collection(ServerCollection.Name)]
public sealed class GraphQLHttpTests(ServerFixture fixture)
{
    private const string GraphQLResponse = "application/graphql-response+json";
    private const string ServerInfoQuery = "{ serverInfo { version instanceName startedAt uptimeSeconds } }";

    [Fact]
    public async Task AValidPostAnswersWithDataInTheGraphQLResponseMediaType()
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query = ServerInfoQuery }), GraphQLResponse);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLResponse, response.Content.Headers.ContentType?.MediaType);
        using var body = await ReadJsonAsync(response);
        var info = body.RootElement.GetProperty("data").GetProperty("serverInfo");
        Assert.False(string.IsNullOrEmpty(info.GetProperty("version").GetString()));
        Assert.True(info.GetProperty("uptimeSeconds").GetDouble() > 0);
        Assert.True(info.GetProperty("startedAt").GetDateTimeOffset() < DateTimeOffset.UtcNow);
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task AValidGetQueryWithVariablesAndOperationNameIsExecuted()
    {
        var query = Uri.EscapeDataString("query First { serverInfo { version } } query Second($skip: Boolean!) { serverInfo { instanceName @skip(if: $skip) uptimeSeconds } }");
        var variables = Uri.EscapeDataString("{\"skip\": true}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/graphql?query={query}&operationName=Second&variables={variables}");
        request.Headers.Accept.ParseAdd(GraphQLResponse);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        var info = body.RootElement.GetProperty("data").GetProperty("serverInfo");
        Assert.False(info.TryGetProperty("instanceName", out _));
        Assert.True(info.TryGetProperty("uptimeSeconds", out _));
    }

    [Fact]
    public async Task ASubscriptionOverHttpIsRefusedWithAPointerToTheWebSocket()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = "subscription { alertRaised { ruleName } }" }),
        };
        request.Headers.Accept.ParseAdd(GraphQLResponse);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION", await FirstErrorCodeAsync(response));
    }

    [Fact]
    public async Task AMutationOverGetIsRefusedWith405AndAnAllowHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("mutation { anything }"));
        request.Headers.Accept.ParseAdd(GraphQLResponse);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal("METHOD_NOT_ALLOWED", await FirstErrorCodeAsync(response));
    }

    [Fact]
    public async Task MalformedJsonIs400WithAClearError()
    {
        using var response = await PostAsync("{\"query\": \"{ serverInfo { version } }\"", GraphQLResponse);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_JSON", await FirstErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"query\": null}")]
    [InlineData("{\"query\": 42}")]
    [InlineData("{\"query\": \"\"}")]
    [InlineData("[]")]
    [InlineData("{\"query\": \"{ serverInfo { version } }\", \"variables\": [1]}")]
    [InlineData("{\"query\": \"{ serverInfo { version } }\", \"operationName\": 7}")]
    public async Task ARequestWithoutAUsableQueryIs400(string body)
    {
        using var response = await PostAsync(body, GraphQLResponse);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_REQUEST", await FirstErrorCodeAsync(response));
    }

    [Fact]
    public async Task AnEmptyGetIs400()
    {
        using var response = await fixture.Client.GetAsync("/graphql");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ADocumentThatFailsValidationIs400ForGraphQLResponseJson()
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query = "{ noSuchField }" }), GraphQLResponse);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
        Assert.Contains("noSuchField", body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADocumentThatFailsValidationIs200ForLegacyApplicationJson()
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query = "{ noSuchField }" }), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = await ReadJsonAsync(response);
        Assert.True(body.RootElement.GetProperty("errors").GetArrayLength() > 0);
    }

    [Fact]
    public async Task ASyntaxErrorIs400WithItsLocation()
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query = "{ serverInfo { version }" }), GraphQLResponse);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.True(body.RootElement.GetProperty("errors")[0].TryGetProperty("locations", out _));
    }

    [Fact]
    public async Task NoAcceptHeaderGetsApplicationJson()
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query = ServerInfoQuery }), accept: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
    }

    [Fact]
    public async Task AnUnacceptableAcceptHeaderIs406()
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query = ServerInfoQuery }), "text/html");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task AWrongContentTypeIs415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(ServerInfoQuery, Encoding.UTF8, "text/plain"),
        };

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", await FirstErrorCodeAsync(response));
    }

    [Fact]
    public async Task OtherMethodsAre405()
    {
        using var response = await fixture.Client.PutAsync("/graphql", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        var huge = JsonSerializer.Serialize(new { query = "{ serverInfo { version } }", extensions = new { padding = new string('x', 2 * 1024 * 1024) } });

        using var response = await PostAsync(huge, GraphQLResponse);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("LIMIT_EXCEEDED", await FirstErrorCodeAsync(response));
    }

    [Fact]
    public async Task TheClusterQueryListsThisSiloAsActive()
    {
        using var response = await PostAsync(
            JsonSerializer.Serialize(new { query = "{ cluster { clusterId activeSiloCount silos { address siloName status startTime lastHeartbeat } } }" }),
            GraphQLResponse);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        var cluster = body.RootElement.GetProperty("data").GetProperty("cluster");
        Assert.Equal(fixture.Server.ClusterId, cluster.GetProperty("clusterId").GetString());
        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.EndsWith(":" + fixture.Server.SiloPort, silo.GetProperty("address").GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await fixture.Client.SendAsync(request);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());

    private static async Task<string?> FirstErrorCodeAsync(HttpResponseMessage response)
    {
        using var body = await ReadJsonAsync(response);
        return body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();
    }
}
