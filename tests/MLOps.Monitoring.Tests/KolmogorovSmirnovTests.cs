namespace MLOps.Monitoring.Tests;

public class KolmogorovSmirnovTests
{
    [Fact]
    public void StatisticMatchesAHandComputation()
    {
        var result = DriftTests.KolmogorovSmirnov([1.0, 2.0, 3.0, 4.0], [3.0, 4.0, 5.0, 6.0]);

        Assert.Equal(0.5, result.Statistic, 1e-15);
    }

    [Fact]
    public void StatisticMatchesABruteForceSupremumWithTies()
    {
        var random = new Random(17);
        var a = Samples.Discrete(random, 300);
        var b = Samples.Discrete(random, 500).Select(x => x + 2).ToArray();
        var expected = a.Concat(b).Distinct()
            .Max(x => Math.Abs(((double)a.Count(v => v <= x) / a.Length) - ((double)b.Count(v => v <= x) / b.Length)));

        Assert.Equal(expected, DriftTests.KolmogorovSmirnov(a, b).Statistic, 1e-12);
    }

    [Fact]
    public void PValueUsesTheEffectiveSampleSizeCorrection()
    {
        // n = m = 200 gives nₑ = 100, so λ = (10 + 0.12 + 0.011)·D.
        var pValue = DriftTests.KolmogorovSmirnovPValue(1.35810 / 10.131, 200, 200);

        Assert.Equal(0.05, pValue, 1e-4);
    }

    [Fact]
    public void SketchStatisticIsWithinTwiceTheRankErrorOfTheExactStatistic()
    {
        var random = new Random(23);
        var reference = Samples.Normal(random, 200_000);
        var current = Samples.Normal(random, 100_000, mean: 0.2);
        var exact = DriftTests.KolmogorovSmirnov(reference, current).Statistic;

        var approximate = DriftTests.KolmogorovSmirnov(Samples.Sketch(reference, seed: 1), Samples.Sketch(current, seed: 2)).Statistic;

        Assert.True(Math.Abs(approximate - exact) <= 2 * QuantileSketch.NormalizedRankError(QuantileSketch.DefaultK), $"exact {exact}, sketch {approximate}");
    }

    [Fact]
    public void AHalfStandardDeviationShiftIsDetected()
    {
        var random = new Random(29);
        for (var repetition = 0; repetition < 50; repetition++)
        {
            var result = DriftTests.KolmogorovSmirnov(Samples.Normal(random, 1000), Samples.Normal(random, 1000, mean: 0.5));
            Assert.True(result.PValue < 0.05, $"repetition {repetition}: p = {result.PValue}");
        }
    }

    [Fact]
    public void SameDistributionIsFlaggedAtAboutTheNominalRate()
    {
        var random = new Random(31);
        const int Repetitions = 400;
        var flagged = 0;
        for (var repetition = 0; repetition < Repetitions; repetition++)
        {
            if (DriftTests.KolmogorovSmirnov(Samples.Normal(random, 1000), Samples.Normal(random, 1000)).PValue < 0.05)
            {
                flagged++;
            }
        }

        // Binomial(400, 0.05) has sd ≈ 1.1%; 2%–9% allows for the asymptotic p-value being slightly conservative.
        var rate = (double)flagged / Repetitions;
        Assert.InRange(rate, 0.02, 0.09);
    }
}
