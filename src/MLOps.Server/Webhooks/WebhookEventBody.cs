using System.Buffers;
using System.Text.Json;
using MLOps.Storage.Webhooks;

namespace MLOps.Server.Webhooks;

/// <summary>
/// The JSON body of a webhook request:
/// <c>{"id": 42, "type": "model_version.ready", "occurredAt": "2025-05-01T12:00:00+00:00", "model": "fraud",
/// "version": 3, "actor": "alice", "data": { ... }}</c>. <c>id</c> is the registry event's id (the same for
/// every webhook), <c>model</c> and <c>version</c> may be null, <c>data</c> is the event's payload.
/// </summary>
public static class WebhookEventBody
{
    public static byte[] Serialize(ClaimedDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var buffer = new ArrayBufferWriter<byte>(256 + delivery.PayloadJson.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", delivery.EventId);
            writer.WriteString("type", delivery.EventType);
            writer.WriteString("occurredAt", delivery.OccurredAt.ToUniversalTime());
            if (delivery.ModelName is null)
            {
                writer.WriteNull("model");
            }
            else
            {
                writer.WriteString("model", delivery.ModelName);
            }

            if (delivery.Version is { } version)
            {
                writer.WriteNumber("version", version);
            }
            else
            {
                writer.WriteNull("version");
            }

            writer.WriteString("actor", delivery.Actor);
            writer.WritePropertyName("data");
            writer.WriteRawValue(delivery.PayloadJson);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
