using System.Net.Http.Json;
using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;

namespace MLOps.IntegrationTests.Cluster;

/// <summary>Two real server processes form one cluster through the PostgreSQL membership table.</summary>
[Collection(StorageCollection.Name)]
public sealed class ClusterMembershipTests(InfrastructureFixture infrastructure)
{
    private static readonly Dictionary<string, string> FastFailureDetection = new()
    {
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
    };

    [Fact]
    public async Task TwoReplicasFormOneClusterAndAReplicaKilledWithoutShutdownIsDeclaredDeadByTheOther()
    {
        var database = await infrastructure.CreateDatabaseAsync("cluster");
        var clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = ServerProcess.Start("replica-0", database, infrastructure.ArtifactsConnectionString, clusterId, FastFailureDetection);
        await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        await using var second = ServerProcess.Start("replica-1", database, infrastructure.ArtifactsConnectionString, clusterId, FastFailureDetection);
        await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));

        foreach (var replica in new[] { first, second })
        {
            var silos = await WaitForSilosAsync(replica, silos => silos.Count(s => s.Status == "Active") == 2, TimeSpan.FromSeconds(30));
            Assert.Equal(["replica-0", "replica-1"], silos.Select(s => s.SiloName).Order());
        }

        second.KillAbruptly();

        var after = await WaitForSilosAsync(first, silos => silos.Any(s => s.SiloName == "replica-1" && s.Status == "Dead"), TimeSpan.FromSeconds(60));
        Assert.Equal("Active", after.Single(s => s.SiloName == "replica-0").Status);
        Assert.Equal("Dead", after.Single(s => s.SiloName == "replica-1").Status);
        Assert.False(first.HasExited);
    }

    private static async Task<IReadOnlyList<SiloRow>> WaitForSilosAsync(ServerProcess replica, Func<IReadOnlyList<SiloRow>, bool> condition, TimeSpan timeout)
    {
        using var client = replica.CreateClient();
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<SiloRow> silos = [];
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.PostAsJsonAsync("/graphql", new { query = "{ cluster { silos { siloName status address lastHeartbeat } } }" });
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            silos = [.. body.RootElement.GetProperty("data").GetProperty("cluster").GetProperty("silos").EnumerateArray()
                .Select(s => new SiloRow(s.GetProperty("siloName").GetString()!, s.GetProperty("status").GetString()!))];
            if (condition(silos))
            {
                return silos;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{replica.Name} never saw the expected membership; last: {string.Join(", ", silos)}\n{replica.Output}");
        return silos;
    }

    private sealed record SiloRow(string SiloName, string Status);
}
