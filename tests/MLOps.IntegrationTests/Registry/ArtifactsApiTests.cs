using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Registry;

/// <summary>PUT, GET and HEAD of /api/artifacts over real HTTP.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ArtifactsApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task AnUploadStreamsBackWithLengthETagRangesAndConditionalRequests()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/artifacts") { Content = new StreamContent(new MemoryStream(content)) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-onnx");
        put.Headers.Add("X-Expected-SHA256", sha.ToUpperInvariant());

        using var created = await fixture.Client.SendAsync(put);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()))
        {
            Assert.Equal(sha, body.RootElement.GetProperty("sha256").GetString());
            Assert.Equal(content.Length, body.RootElement.GetProperty("sizeBytes").GetInt64());
        }

        using var whole = await fixture.Client.GetAsync("/api/artifacts/" + sha);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(content.Length, whole.Content.Headers.ContentLength);
        Assert.Equal("application/x-onnx", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{sha}\"", whole.Headers.ETag?.Tag);
        Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync());

        using var range = new HttpRequestMessage(HttpMethod.Get, "/api/artifacts/" + sha);
        range.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await fixture.Client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 1000-1999/{content.Length}", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(content.AsSpan(1000, 1000).ToArray(), await partial.Content.ReadAsByteArrayAsync());

        using var suffix = new HttpRequestMessage(HttpMethod.Get, "/api/artifacts/" + sha);
        suffix.Headers.Range = new RangeHeaderValue(null, 10);
        using var tail = await fixture.Client.SendAsync(suffix);
        Assert.Equal(content.AsSpan(content.Length - 10).ToArray(), await tail.Content.ReadAsByteArrayAsync());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, "/api/artifacts/" + sha);
        beyond.Headers.Range = new RangeHeaderValue(content.Length + 10, null);
        using var unsatisfiable = await fixture.Client.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal($"bytes */{content.Length}", unsatisfiable.Content.Headers.ContentRange?.ToString());

        using var head = await fixture.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/artifacts/" + sha));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(content.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/artifacts/" + sha);
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        using var notModified = await fixture.Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task AWrongExpectedHashIs400AndStoresNothing()
    {
        var content = RandomNumberGenerator.GetBytes(50_000);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/artifacts?sha256=" + new string('0', 64)) { Content = new ByteArrayContent(content) };

        using var refused = await fixture.Client.SendAsync(put);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("VALIDATION", body.RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync("/api/artifacts/" + actual)).StatusCode);
    }

    [Theory]
    [InlineData("not-a-hash", HttpStatusCode.BadRequest)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", HttpStatusCode.NotFound)]
    public async Task UnknownOrMalformedHashesAreClear4xx(string hash, HttpStatusCode expected)
    {
        using var response = await fixture.Client.GetAsync("/api/artifacts/" + hash);

        Assert.Equal(expected, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetString()));
    }
}
