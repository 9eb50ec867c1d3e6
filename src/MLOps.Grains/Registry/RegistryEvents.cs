using System.Text.Json;
using System.Text.Json.Nodes;
using MLOps.Contracts.Registry;
using MLOps.Storage.Events;
using MLOps.Storage.Registry;
using Npgsql;

namespace MLOps.Grains.Registry;

/// <summary>
/// Registry events from grains: appended to the outbox inside the change's transaction, then published on the
/// in-cluster stream once the transaction has committed.
/// </summary>
public static class RegistryEvents
{
    public static async Task<RegistryEventNotice> AppendAsync(
        NpgsqlTransaction tx, string type, string? modelName, int? version, string actor, object payload)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var data = JsonSerializer.SerializeToNode(payload, RegistryJson.Options) as JsonObject;
        var id = await RegistryOutbox.AppendAsync(tx.Connection!, tx, new RegistryEvent(type, modelName, version, actor, data), default);
        return new RegistryEventNotice(id, type, modelName, version, actor, data?.ToJsonString() ?? "{}");
    }

    public static async Task PublishAsync(Grain grain, IReadOnlyCollection<RegistryEventNotice> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        if (notices.Count == 0)
        {
            return;
        }

        var stream = grain.GetStreamProvider(RegistryStreams.ProviderName)
            .GetStream<RegistryEventNotice>(StreamId.Create(RegistryStreams.Namespace, RegistryStreams.Key));
        foreach (var notice in notices)
        {
            await stream.OnNextAsync(notice);
        }
    }
}
