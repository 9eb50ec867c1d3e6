namespace MLOps.Contracts.Registry;

/// <summary>
/// A registry change as published on the in-cluster registry stream after its transaction committed. The
/// stream is fast but not durable; <see cref="EventId"/> is the row id in the registry_events outbox, so a
/// subscriber that sees a gap (or starts late) catches up from the table.
/// </summary>
/// <param name="EventId">Id of the event in the registry_events table; increasing.</param>
/// <param name="Type">Event type, e.g. model_version.stage_changed.</param>
/// <param name="ModelName">The model the event is about.</param>
/// <param name="Version">The model version, when the event is about one.</param>
/// <param name="Actor">Owner of the API key that made the change.</param>
/// <param name="PayloadJson">The event's data as JSON.</param>
[GenerateSerializer, Immutable, Alias("mlops.registry.RegistryEventNotice")]
public sealed record RegistryEventNotice(
    [property: Id(0)] long EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] string? ModelName,
    [property: Id(3)] int? Version,
    [property: Id(4)] string Actor,
    [property: Id(5)] string PayloadJson);
