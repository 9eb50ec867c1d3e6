using System.Text.Json.Nodes;

namespace MLOps.Storage.Events;

/// <summary>
/// A change to the registry, as published to webhooks and in-cluster subscribers.
/// </summary>
/// <param name="Type">One of <see cref="RegistryEventTypes"/>.</param>
/// <param name="ModelName">The model the event is about; null for events not about one model. Webhooks that filter
/// on model names never receive events without one.</param>
/// <param name="Version">The model version the event is about, if any.</param>
/// <param name="Actor">Who made the change (the caller's name, as in the audit log).</param>
/// <param name="Payload">
/// The event's details, delivered verbatim as the body's <c>data</c> member; null means <c>{}</c>. A JSON object
/// (not a pre-serialized string) so a payload is always a well-formed object; build it with
/// <c>new JsonObject { ["stage"] = "Production" }</c> or <c>JsonSerializer.SerializeToNode(value)!.AsObject()</c>.
/// It is serialized when the event is appended, so changing the object afterwards has no effect. Never put
/// secrets in it: it is stored in clear and sent to every matching webhook.
/// </param>
public sealed record RegistryEvent(string Type, string? ModelName, int? Version, string Actor, JsonObject? Payload = null);
