using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;
using Parquet;
using Parquet.Schema;

namespace MLOps.IntegrationTests.Monitoring;

/// <summary>Reference datasets in each format, and every bad reference or feedback body refused with its code.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class ReferenceAndFeedbackTests(MonitoringFixture fixture)
{
    [Fact]
    public async Task AReferenceProfileIsBuiltFromCsvParquetOrJsonRowsAndShownThroughGraphQL()
    {
        var model = await RegisterAsync();
        var rows = MonitoringTraffic.NormalRows(500, 4, seed: 3);
        var csv = MonitoringTraffic.ToCsv(["a", "b", "c", "d"], rows);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(model, csv, "text/csv")).Status);

        var (status, body) = await PutAsync(model, await ParquetAsync(rows), "application/vnd.apache.parquet");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("parquet", body.RootElement.GetProperty("sourceFormat").GetString());

        var json = JsonSerializer.Serialize(rows.Select(r => new { w = r[0], x = r[1], y = r[2], z = r[3] }));
        var data = await fixture.Client.DataAsync("""
            mutation($m: String!, $rows: String!) { profileReference(modelName: $m, version: 1, rows: $rows) { sourceFormat rowCount features { name role count mean min max } } }
            """, new { m = model, rows = json });
        var profile = data.GetProperty("profileReference");
        Assert.Equal(500, profile.GetProperty("rowCount").GetInt64());
        var first = profile.GetProperty("features")[0];
        Assert.Equal(("w", "INPUT", 500L), (first.GetProperty("name").GetString(), first.GetProperty("role").GetString(), first.GetProperty("count").GetInt64()));
        Assert.Equal(rows.Average(r => (double)r[0]), first.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(rows.Min(r => r[0]), first.GetProperty("min").GetDouble(), 6);
        Assert.Equal("PREDICTION", profile.GetProperty("features")[4].GetProperty("role").GetString());

        var read = await fixture.Client.DataAsync("query($m: String!) { referenceProfile(modelName: $m, version: 1) { sourceFormat features { name } } }", new { m = model });
        Assert.Equal("json", read.GetProperty("referenceProfile").GetProperty("sourceFormat").GetString());
    }

    [Fact]
    public async Task BadReferenceDatasetsAreRefusedWithASentenceAndNothingIsLinked()
    {
        var model = await RegisterAsync();
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), await RefusedAsync(model, "a,b,c,d\n1,2,3,4\n", "text/plain"));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), await RefusedAsync(model, "a,b,c,d\n1,2,3\n", "text/csv"));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), await RefusedAsync(model, "a,b\n1,2\n", "text/csv"));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), await RefusedAsync(model, "a,b,c,d\n1,2,x,4\n", "text/csv"));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), await RefusedAsync(model, "[{\"a\": [1]}]", "application/json"));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), await RefusedAsync(model, "not parquet at all", "application/vnd.apache.parquet"));
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), await RefusedAsync(model, "a,b,c,d\n1,2,3,4\n", "text/csv", version: 7));
        using var missing = await fixture.Client.GetAsync($"/api/models/{model}/versions/1/reference");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task FeedbackForUnknownPredictionsIsReportedAndBadFeedbackIsRefused()
    {
        var model = await RegisterAsync();
        await fixture.Client.DataAsync("mutation($n: String!) { createDeployment(name: $n, routes: [{ modelName: $n, version: 1 }]) { name } }", new { n = model });
        using (var unknown = await fixture.Client.PostAsJsonAsync($"/api/deployments/{model}/feedback", new[] { new { id = "never-made", label = "1" } }))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
            using var body = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
            Assert.Equal(0, body.RootElement.GetProperty("matched").GetInt32());
            Assert.Equal("never-made", body.RootElement.GetProperty("unknown")[0].GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, await FeedbackStatusAsync("no-such-deployment", "[{\"id\": \"a\", \"label\": \"1\"}]"));
        Assert.Equal(HttpStatusCode.BadRequest, await FeedbackStatusAsync(model, "[]"));
        Assert.Equal(HttpStatusCode.BadRequest, await FeedbackStatusAsync(model, "[{\"id\": \"a\", \"label\": \"1\", \"value\": 2}]"));
        Assert.Equal(HttpStatusCode.BadRequest, await FeedbackStatusAsync(model, "[{\"label\": \"1\"}]"));
        Assert.Equal(HttpStatusCode.BadRequest, await FeedbackStatusAsync(model, "[{\"id\": \"a\", \"label\": "));
        Assert.Equal(HttpStatusCode.BadRequest, await FeedbackStatusAsync(model, "{\"id\": \"a\"}"));
        var error = await fixture.Client.ErrorAsync("mutation($n: String!) { submitFeedback(deployment: $n, labels: [{ predictionId: \"a\" }]) { matched } }", new { n = model });
        Assert.Equal("VALIDATION", error.Code);
    }

    private async Task<string> RegisterAsync()
    {
        var name = "ref-" + Guid.NewGuid().ToString("N")[..8];
        await MonitoringTraffic.RegisterAsync(fixture.Client, name, OnnxTestModels.Classifier(4, 3, withLabel: false, seed: 9).ToBytes());
        return name;
    }

    private async Task<(HttpStatusCode Status, JsonDocument Body)> PutAsync(string model, object content, string contentType, int version = 1)
    {
        using HttpContent body = content is byte[] bytes ? new ByteArrayContent(bytes) : new StringContent((string)content, Encoding.UTF8);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await fixture.Client.PutAsync($"/api/models/{model}/versions/{version}/reference", body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    private async Task<(HttpStatusCode, string)> RefusedAsync(string model, string content, string contentType, int version = 1)
    {
        var (status, body) = await PutAsync(model, content, contentType, version);
        using (body)
        {
            Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error").GetString()));
            return (status, body.RootElement.GetProperty("code").GetString()!);
        }
    }

    private async Task<HttpStatusCode> FeedbackStatusAsync(string deployment, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await fixture.Client.PostAsync($"/api/deployments/{deployment}/feedback", content);
        return response.StatusCode;
    }

    private static async Task<byte[]> ParquetAsync(float[][] rows)
    {
        var fields = Enumerable.Range(0, 4).Select(i => new DataField<double>("p" + i)).ToArray();
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream))
        {
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < 4; i++)
            {
                await group.WriteAsync<double>(fields[i], rows.Select(r => (double)r[i]).ToArray());
            }
        }

        return stream.ToArray();
    }
}
