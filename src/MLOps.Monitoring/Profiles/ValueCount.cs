namespace MLOps.Monitoring.Profiles;

/// <summary>How often one numeric value occurs.</summary>
/// <param name="Value">The value.</param>
/// <param name="Count">Its number of occurrences.</param>
public readonly record struct ValueCount(double Value, long Count);
