namespace MLOps.Monitoring;

/// <summary>One step of an empirical CDF: the fraction <paramref name="Rank"/> of values are at most <paramref name="Value"/>.</summary>
/// <param name="Value">The value.</param>
/// <param name="Rank">Fraction of values less than or equal to <paramref name="Value"/>, in (0, 1].</param>
public readonly record struct CdfPoint(double Value, double Rank);
