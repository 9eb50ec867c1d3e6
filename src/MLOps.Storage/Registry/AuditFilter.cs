namespace MLOps.Storage.Registry;

/// <summary>Filters of the audit log; every one that is set must match.</summary>
public sealed record AuditFilter(string? ModelName = null, string? Actor = null, string? Action = null);
