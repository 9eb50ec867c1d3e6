using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLOps.IntegrationTests.Browser;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Api;

/// <summary>
/// The GraphiQL IDE at GET /graphql: served by the server itself (page and bundle without authentication,
/// queries with the API key), checked over HTTP and in headless Chromium.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class GraphiQLBrowserTests(ServerFixture fixture)
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";
    private const string Query = "{ serverInfo { version } }";

    [Fact]
    public async Task InChromiumGraphiQLRunsAQueryWithTheApiKeyAndDocumentsTheSchemaUsingOnlyThisServer()
    {
        using var info = await fixture.Client.PostAsJsonAsync("/graphql", new { query = Query });
        using var infoBody = JsonDocument.Parse(await info.Content.ReadAsStringAsync());
        var version = infoBody.RootElement.GetProperty("data").GetProperty("serverInfo").GetProperty("version").GetString();

        // The browser sees the server as 127.0.0.1, so "any other host" includes localhost and ::1.
        var page = new UriBuilder(fixture.Client.BaseAddress!) { Host = "127.0.0.1", Path = "/graphql" }.Uri;
        var output = await BrowserScripts.RunAsync("graphiql-check.mjs", [page.AbsoluteUri, Query],
            new Dictionary<string, string> { ["MLOPS_AUTHORIZATION"] = "Bearer " + fixture.Server.AdminKey },
            TimeSpan.FromSeconds(90));
        using var seen = JsonDocument.Parse(output);
        var root = seen.RootElement;
        var report = JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.False(root.TryGetProperty("error", out var error), $"The browser script failed: {error}\n{report}");
        Assert.Equal(200, root.GetProperty("page").GetProperty("status").GetInt32());
        Assert.Equal(Query, root.GetProperty("queryEditorText").GetString());
        // Monaco wraps long lines (the version carries a commit hash): compare without the wrapping.
        var result = Whitespace().Replace(root.GetProperty("resultText").GetString()!, string.Empty);
        Assert.Contains($"\"version\":\"{version}\"", result, StringComparison.Ordinal);
        Assert.Equal("Query", root.GetProperty("docExplorerTitle").GetString());
        var fields = root.GetProperty("queryFields").EnumerateArray().Select(field => field.GetString()).ToList();
        Assert.Contains("serverInfo", fields);
        Assert.Contains("cluster", fields);

        var requests = root.GetProperty("requests").EnumerateArray().Select(request => new Uri(request.GetString()!)).ToList();
        Assert.Contains(requests, request => request.AbsolutePath.Contains(".worker-", StringComparison.Ordinal));
        Assert.All(requests, request => Assert.Equal(page.Authority, request.Authority));
        Assert.Empty(root.GetProperty("blocked").EnumerateArray());

        // The script turns CSP violations into console errors; the browser logs failed requests (a 401) there too.
        Assert.True(
            root.GetProperty("console").GetArrayLength() == 0 && root.GetProperty("pageErrors").GetArrayLength() == 0
                && root.GetProperty("failedResponses").GetArrayLength() == 0,
            $"The page logged errors or warnings, or a request failed:\n{report}");
    }

    [Fact]
    public async Task ABrowserNavigationGetsTheIdeAndItsAssetsWithoutAnApiKey()
    {
        using var anonymous = fixture.Server.CreateClientWithKey(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd(BrowserAccept);

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.Matches("style-src 'self' 'nonce-[A-Za-z0-9+/=]+';", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);

        var html = await response.Content.ReadAsStringAsync();
        var assets = AssetLink().Matches(html).Select(match => match.Groups["path"].Value).ToList();
        Assert.Equal(2, assets.Count);
        foreach (var asset in assets)
        {
            using var file = await anonymous.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.True(file.Content.Headers.ContentType?.MediaType is "text/javascript" or "text/css", asset);
            Assert.True(file.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(365));
            Assert.True((await file.Content.ReadAsByteArrayAsync()).Length > 1000);

            using var revalidation = new HttpRequestMessage(HttpMethod.Get, asset);
            revalidation.Headers.IfNoneMatch.Add(file.Headers.ETag!);
            using var notModified = await anonymous.SendAsync(revalidation);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        using var missing = await anonymous.GetAsync("/graphiql/main-NOTBUILT.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(null, "/graphql")]
    [InlineData("*/*", "/graphql")]
    [InlineData("application/json", "/graphql")]
    [InlineData("text/html, application/json", "/graphql")]
    [InlineData(BrowserAccept, "/graphql?query=%7B%20serverInfo%20%7B%20version%20%7D%20%7D")]
    public async Task ApiClientsGettingTheEndpointStillGetGraphQLNotTheIde(string? accept, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await fixture.Client.SendAsync(request);

        Assert.StartsWith("application/", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("""(?:href|src)="(?<path>/graphiql/[^"]+)""")]
    private static partial Regex AssetLink();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
