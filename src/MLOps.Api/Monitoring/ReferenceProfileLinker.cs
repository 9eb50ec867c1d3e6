using MLOps.Contracts;
using MLOps.Contracts.Registry;
using MLOps.Storage.Events;
using MLOps.Storage.Monitoring;
using Npgsql;

namespace MLOps.Api.Monitoring;

/// <summary>
/// Links a stored profile to its version and announces it, in one transaction: the link, an audit entry and a
/// model_version.reference_profiled event (webhooks, and every replica's route table, which starts profiling
/// against the new reference).
/// </summary>
public sealed class ReferenceProfileLinker(NpgsqlDataSource dataSource, IClusterClient cluster)
{
    public async Task LinkAsync(ReferenceProfileRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        long eventId;
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["sha256"] = record.ArtifactSha256,
            ["format"] = record.SourceFormat,
            ["rows"] = record.RowCount,
            ["features"] = record.FeatureCount,
        };
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            if (!await ReferenceProfileStore.SetAsync(tx, record, ct))
            {
                throw MLOpsException.NotFound($"Model '{record.ModelName}' has no version {record.Version}.");
            }

            eventId = await RegistryOutbox.AppendAsync(connection, tx,
                new RegistryEvent(RegistryEventTypes.ReferenceProfiled, record.ModelName, record.Version, record.CreatedBy, payload), ct);
            await tx.CommitAsync(ct);
        }

        var stream = cluster.GetStreamProvider(RegistryStreams.ProviderName)
            .GetStream<RegistryEventNotice>(StreamId.Create(RegistryStreams.Namespace, RegistryStreams.Key));
        await stream.OnNextAsync(new RegistryEventNotice(
            eventId, RegistryEventTypes.ReferenceProfiled, record.ModelName, record.Version, record.CreatedBy, payload.ToJsonString()));
    }
}
