using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Contracts.Registry;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;
using Npgsql;
using Orleans.Streams;

namespace MLOps.IntegrationTests.Registry;

/// <summary>Every mutation leaves an audit entry and a registry event, and events reach in-cluster subscribers.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryEventsTests(ServerFixture fixture)
{
    [Fact]
    public async Task EveryMutationIsAuditedAndPublishedOnTheRegistryStream()
    {
        var received = new ConcurrentQueue<RegistryEventNotice>();
        var client = fixture.Server.Services.GetRequiredService<IClusterClient>();
        var stream = client.GetStreamProvider(RegistryStreams.ProviderName)
            .GetStream<RegistryEventNotice>(StreamId.Create(RegistryStreams.Namespace, RegistryStreams.Key));
        var subscription = await stream.SubscribeAsync((notice, _) =>
        {
            received.Enqueue(notice);
            return Task.CompletedTask;
        });
        var admin = fixture.Client;
        using var approver = fixture.Server.CreateClientWithKey(await admin.CreateKeyAsync("erin", "approver"));
        var name = "audited-" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            var sha = await admin.UploadAsync(OnnxTestModels.Linear(2, 2, seed: 11).ToBytes());
            await admin.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
            await admin.DataAsync("mutation($n: String!) { updateModel(name: $n, description: \"d\") { name } }", new { n = name });
            await admin.DataAsync("mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }", new { n = name, s = sha });
            await admin.DataAsync("mutation($n: String!) { setTag(modelName: $n, key: \"k\", value: \"v\") }", new { n = name });
            await admin.DataAsync("mutation($n: String!) { setTag(modelName: $n, version: 1, key: \"k\", value: \"v\") }", new { n = name });
            await admin.DataAsync("mutation($n: String!) { deleteTag(modelName: $n, key: \"k\") }", new { n = name });
            await admin.DataAsync("mutation($n: String!) { setModelAlias(modelName: $n, alias: \"a\", version: 1) { version } }", new { n = name });
            await admin.DataAsync("mutation($n: String!) { deleteModelAlias(modelName: $n, alias: \"a\") }", new { n = name });
            var first = (await admin.DataAsync("mutation($n: String!) { requestStageTransition(modelName: $n, version: 1, stage: \"Production\") { id } }", new { n = name }))
                .GetProperty("requestStageTransition").GetProperty("id").GetString();
            await approver.DataAsync("mutation($n: String!, $id: ID!) { rejectStageTransition(modelName: $n, requestId: $id) { status } }", new { n = name, id = first });
            var second = (await admin.DataAsync("mutation($n: String!) { requestStageTransition(modelName: $n, version: 1, stage: \"Production\") { id } }", new { n = name }))
                .GetProperty("requestStageTransition").GetProperty("id").GetString();
            await approver.DataAsync("mutation($n: String!, $id: ID!) { approveStageTransition(modelName: $n, requestId: $id) { status } }", new { n = name, id = second });
            await admin.DataAsync("mutation($n: String!) { requestStageTransition(modelName: $n, version: 1, stage: \"Archived\") { status } }", new { n = name });
            await admin.DataAsync("mutation($n: String!) { deleteModel(name: $n) }", new { n = name });

            string[] expected =
            [
                "model.created", "model.updated", "model_version.registered", "model_version.ready", "tag.set", "tag.deleted",
                "model_alias.set", "model_alias.deleted", "stage_transition.requested", "stage_transition.rejected",
                "stage_transition.approved", "model_version.stage_changed", "model.deleted",
            ];
            var audited = await ActionsAsync("SELECT action FROM audit_log WHERE model_name = @name", name);
            var events = await ActionsAsync("SELECT event_type FROM registry_events WHERE model_name = @name", name);
            Assert.All(expected, action => Assert.Contains(action, audited));
            Assert.All(expected, type => Assert.Contains(type, events));

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (received.Count(n => n.ModelName == name) < events.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            var mine = received.Where(n => n.ModelName == name).ToList();
            Assert.Equal(events.Count, mine.Count);
            Assert.Equal(mine.Select(n => n.EventId).Order(), mine.Select(n => n.EventId));
            Assert.Equal("model.created", mine[0].Type);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private async Task<List<string>> ActionsAsync(string sql, string name)
    {
        var connectionString = fixture.Server.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
