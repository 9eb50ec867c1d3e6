namespace MLOps.Storage.Registry;

/// <summary>One audit entry: who did what, when, with the state before and after (JSON).</summary>
public sealed record AuditRecord(
    long Id,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    Guid? ModelId,
    string? ModelName,
    int? Version,
    string? BeforeJson,
    string? AfterJson);
