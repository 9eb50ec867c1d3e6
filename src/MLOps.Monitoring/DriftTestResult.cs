namespace MLOps.Monitoring;

/// <summary>The outcome of one drift test on one feature.</summary>
/// <param name="TestName">The test that was run.</param>
/// <param name="Statistic">The test statistic or distance.</param>
/// <param name="PValue">The p-value for hypothesis tests; null for distances.</param>
/// <param name="Threshold">The p-value below which, or the distance above which, drift is declared.</param>
/// <param name="Drifted">Whether drift was declared.</param>
public sealed record DriftTestResult(DriftTestKind TestName, double Statistic, double? PValue, double Threshold, bool Drifted);
