namespace MLOps.Monitoring;

/// <summary>A test statistic with its p-value and, where it applies, its degrees of freedom.</summary>
/// <param name="Statistic">The test statistic.</param>
/// <param name="PValue">The p-value, in [0, 1].</param>
/// <param name="DegreesOfFreedom">Degrees of freedom for chi-squared tests; 0 otherwise.</param>
public readonly record struct HypothesisTestResult(double Statistic, double PValue, int DegreesOfFreedom = 0);
