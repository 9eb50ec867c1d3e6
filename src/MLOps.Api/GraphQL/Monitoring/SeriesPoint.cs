namespace MLOps.Api.GraphQL.Monitoring;

/// <summary>One window's value of a dashboard metric.</summary>
public sealed record SeriesPoint(DateTimeOffset Start, DateTimeOffset End, string ModelName, int Version, double? Value);
