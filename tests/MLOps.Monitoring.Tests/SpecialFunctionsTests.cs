namespace MLOps.Monitoring.Tests;

public class SpecialFunctionsTests
{
    // Reference values from a correctly rounded libm (CPython's math.erfc / math.lgamma).
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    [InlineData(-1.0, 1.842700792949715)]
    public void ErfcMatchesReferenceValues(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.Erfc(x), expected * 1e-13);

    [Theory]
    [InlineData(0.5, 0.5723649429247004)]
    [InlineData(10.0, 12.801827480081467)]
    [InlineData(100.5, 361.4355404677776)]
    [InlineData(0.1, 2.2527126517342055)]
    public void LogGammaMatchesReferenceValues(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 1e-12);

    // Published 5% critical values of the chi-squared distribution.
    [Theory]
    [InlineData(3.841458820694124, 1)]
    [InlineData(5.991464547107979, 2)]
    [InlineData(11.070497693516351, 5)]
    [InlineData(124.342, 100)]
    public void ChiSquaredSurvivalAtTheFivePercentCriticalValueIsFivePercent(double x, int dof) =>
        Assert.Equal(0.05, SpecialFunctions.ChiSquaredSurvival(x, dof), 1e-4);

    [Theory]
    [InlineData(0.3)]
    [InlineData(2.0)]
    [InlineData(7.5)]
    public void UpperIncompleteGammaHasClosedFormsForSmallShapes(double x)
    {
        Assert.Equal(Math.Exp(-x), SpecialFunctions.RegularizedGammaQ(1, x), 1e-14);
        Assert.Equal((1 + x) * Math.Exp(-x), SpecialFunctions.RegularizedGammaQ(2, x), 1e-14);
    }

    // Critical values of the Kolmogorov distribution: 1.22385 (10%), 1.35810 (5%), 1.62762 (1%).
    [Theory]
    [InlineData(1.22385, 0.10)]
    [InlineData(1.35810, 0.05)]
    [InlineData(1.62762, 0.01)]
    public void KolmogorovSurvivalMatchesCriticalValues(double lambda, double alpha) =>
        Assert.Equal(alpha, SpecialFunctions.KolmogorovSurvival(lambda), 1e-4);

    [Fact]
    public void KolmogorovSurvivalIsContinuousWhereTheSeriesSwitch() =>
        Assert.Equal(SpecialFunctions.KolmogorovSurvival(1.18 - 1e-12), SpecialFunctions.KolmogorovSurvival(1.18), 1e-10);

    [Fact]
    public void KolmogorovSurvivalIsOneAtZero() => Assert.Equal(1.0, SpecialFunctions.KolmogorovSurvival(0));
}
