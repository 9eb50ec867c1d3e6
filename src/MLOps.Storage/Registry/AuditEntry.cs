namespace MLOps.Storage.Registry;

/// <summary>An audit entry to write; <see cref="Before"/> and <see cref="After"/> are serialised to JSON.</summary>
public sealed record AuditEntry(string Actor, string Action, Guid? ModelId, string? ModelName, int? Version, object? Before, object? After);
