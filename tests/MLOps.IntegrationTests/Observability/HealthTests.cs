using System.Net;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Observability;

[Collection(IsolatedInfrastructureCollection.Name)]
public sealed class HealthTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task HealthIsUnhealthyWhilePostgresIsStoppedAndHealthyAgainWhenItReturns()
    {
        await using var server = new ServerFactory(
            await infrastructure.CreateDatabaseAsync("health"), infrastructure.ArtifactsConnectionString, "health-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = server.StartAndCreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await infrastructure.Postgres.StopAsync();
        try
        {
            using var down = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            using var report = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", report.RootElement.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
            Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("artifacts").GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        }
        finally
        {
            await infrastructure.Postgres.StartAgainAsync(CancellationToken.None);
        }

        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 30 && status != HttpStatusCode.OK; attempt++)
        {
            status = (await client.GetAsync("/health")).StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(500);
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
