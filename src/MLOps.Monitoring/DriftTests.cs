namespace MLOps.Monitoring;

/// <summary>Statistics and p-values that compare a reference distribution with a current one.</summary>
public static class DriftTests
{
    /// <summary>
    /// The proportion that replaces an empty bin in <see cref="PopulationStabilityIndex"/> and
    /// <see cref="KullbackLeiblerDivergence"/>, so that a logarithm of zero never occurs (as Evidently does).
    /// </summary>
    public const double EmptyBinProportion = 1e-4;

    /// <summary>The floor on the reference standard deviation in <see cref="NormedWasserstein(IReadOnlyList{double}, IReadOnlyList{double})"/>.</summary>
    public const double MinimumNormalizer = 1e-3;

    /// <summary>Exact two-sample Kolmogorov–Smirnov test on raw samples (NaN values must be removed first).</summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    /// <returns>D = sup |F_ref − F_cur| and its asymptotic p-value (see <see cref="KolmogorovSmirnovPValue"/>).</returns>
    public static HypothesisTestResult KolmogorovSmirnov(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var d = MaxCdfDistance(EmpiricalCdf(reference), EmpiricalCdf(current));
        return new HypothesisTestResult(d, KolmogorovSmirnovPValue(d, reference.Count, current.Count));
    }

    /// <summary>
    /// Approximate Kolmogorov–Smirnov test from two sketches: D is within ε_ref + ε_cur of the exact D, where ε is
    /// each sketch's normalized rank error (<see cref="QuantileSketch.NormalizedRankError"/>).
    /// </summary>
    /// <param name="reference">Sketch of the reference sample.</param>
    /// <param name="current">Sketch of the current sample.</param>
    public static HypothesisTestResult KolmogorovSmirnov(QuantileSketch reference, QuantileSketch current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var d = MaxCdfDistance(reference.CdfPoints(), current.CdfPoints());
        return new HypothesisTestResult(d, KolmogorovSmirnovPValue(d, reference.Count, current.Count));
    }

    /// <summary>
    /// Asymptotic p-value of a two-sample KS statistic: Q_KS((√nₑ + 0.12 + 0.11/√nₑ)·D) with nₑ = nm/(n+m) and
    /// Q_KS(λ) = 2 Σ_{j≥1} (−1)^(j−1) exp(−2j²λ²), the Kolmogorov distribution's survival function.
    /// </summary>
    /// <param name="d">The KS statistic.</param>
    /// <param name="n">Size of the first sample.</param>
    /// <param name="m">Size of the second sample.</param>
    public static double KolmogorovSmirnovPValue(double d, long n, long m)
    {
        if (n == 0 || m == 0)
        {
            return 1.0;
        }

        var en = Math.Sqrt((double)n * m / (n + m));
        return SpecialFunctions.KolmogorovSurvival((en + 0.12 + (0.11 / en)) * d);
    }

    /// <summary>Chi-squared test of homogeneity on the 2×K table of two count vectors over the union of categories.</summary>
    /// <param name="reference">Reference counts by category.</param>
    /// <param name="current">Current counts by category.</param>
    /// <returns>Σ (O − E)² / E, K − 1 degrees of freedom and the upper tail probability Q((K − 1)/2, χ²/2).</returns>
    public static HypothesisTestResult ChiSquared(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        var (r, c) = Align(reference, current);
        return ChiSquared(r, c);
    }

    /// <summary>Chi-squared test of homogeneity on two aligned count vectors; categories empty in both are ignored.</summary>
    /// <param name="reference">Reference counts per category.</param>
    /// <param name="current">Current counts per category, in the same order.</param>
    /// <returns>Σ (O − E)² / E, K − 1 degrees of freedom and the upper tail probability Q((K − 1)/2, χ²/2).</returns>
    public static HypothesisTestResult ChiSquared(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
        {
            throw new ArgumentException($"VALIDATION: both distributions need the same categories; got {reference.Count} and {current.Count}.", nameof(current));
        }

        double rowR = 0, rowC = 0;
        var categories = 0;
        for (var i = 0; i < reference.Count; i++)
        {
            rowR += reference[i];
            rowC += current[i];
            categories += reference[i] + current[i] > 0 ? 1 : 0;
        }

        if (rowR == 0 || rowC == 0 || categories < 2)
        {
            return new HypothesisTestResult(0, 1, 0);
        }

        var total = rowR + rowC;
        var statistic = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var column = reference[i] + current[i];
            if (column == 0)
            {
                continue;
            }

            var expectedR = rowR * column / total;
            var expectedC = rowC * column / total;
            statistic += ((reference[i] - expectedR) * (reference[i] - expectedR) / expectedR) + ((current[i] - expectedC) * (current[i] - expectedC) / expectedC);
        }

        var dof = categories - 1;
        return new HypothesisTestResult(statistic, SpecialFunctions.ChiSquaredSurvival(statistic, dof), dof);
    }

    /// <summary>Two-proportion Z-test with a pooled proportion; the p-value is two-sided, erfc(|z|/√2).</summary>
    /// <param name="successes1">Successes in the first sample.</param>
    /// <param name="n1">Size of the first sample.</param>
    /// <param name="successes2">Successes in the second sample.</param>
    /// <param name="n2">Size of the second sample.</param>
    public static HypothesisTestResult TwoProportionZTest(long successes1, long n1, long successes2, long n2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n2);
        var pooled = (double)(successes1 + successes2) / (n1 + n2);
        var standardError = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        if (standardError == 0)
        {
            return new HypothesisTestResult(0, 1);
        }

        var z = (((double)successes1 / n1) - ((double)successes2 / n2)) / standardError;
        return new HypothesisTestResult(z, SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    /// <summary>
    /// Wasserstein-1 distance ∫|F_ref − F_cur| dx between raw samples divided by the reference's population
    /// standard deviation (floored at <see cref="MinimumNormalizer"/>), Evidently's "normed" Wasserstein.
    /// </summary>
    /// <param name="reference">The reference sample.</param>
    /// <param name="current">The current sample.</param>
    public static double NormedWasserstein(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var mean = reference.Average();
        var std = Math.Sqrt(reference.Sum(x => (x - mean) * (x - mean)) / reference.Count);
        return WassersteinDistance(EmpiricalCdf(reference), EmpiricalCdf(current)) / Math.Max(std, MinimumNormalizer);
    }

    /// <summary>Normed Wasserstein-1 distance from two sketches; the reference's standard deviation is exact.</summary>
    /// <param name="reference">Sketch of the reference sample.</param>
    /// <param name="current">Sketch of the current sample.</param>
    public static double NormedWasserstein(QuantileSketch reference, QuantileSketch current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var std = Math.Sqrt(reference.Variance);
        return WassersteinDistance(reference.CdfPoints(), current.CdfPoints()) / Math.Max(std, MinimumNormalizer);
    }

    /// <summary>Jensen–Shannon distance √JSD with base-2 logarithms, in [0, 1], between two frequency tables.</summary>
    /// <param name="reference">Reference counts by category.</param>
    /// <param name="current">Current counts by category.</param>
    public static double JensenShannonDistance(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        var (r, c) = Align(reference, current);
        return JensenShannonDistance(r, c);
    }

    /// <summary>Jensen–Shannon distance √JSD with base-2 logarithms, in [0, 1], between two aligned count vectors.</summary>
    /// <param name="reference">Reference counts (or proportions) per bin.</param>
    /// <param name="current">Current counts (or proportions) per bin, in the same bin order.</param>
    public static double JensenShannonDistance(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var p = Normalize(reference, current.Count, 0);
        var q = Normalize(current, reference.Count, 0);
        var divergence = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var m = (p[i] + q[i]) / 2;
            divergence += (p[i] > 0 ? p[i] * Math.Log2(p[i] / m) / 2 : 0) + (q[i] > 0 ? q[i] * Math.Log2(q[i] / m) / 2 : 0);
        }

        return Math.Sqrt(Math.Clamp(divergence, 0.0, 1.0));
    }

    /// <summary>
    /// Population stability index Σ (c − r)·ln(c / r) over aligned bins of proportions, with empty bins replaced
    /// by <see cref="EmptyBinProportion"/>.
    /// </summary>
    /// <param name="reference">Reference counts per bin.</param>
    /// <param name="current">Current counts per bin, in the same bin order.</param>
    public static double PopulationStabilityIndex(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var r = Normalize(reference, current.Count, EmptyBinProportion);
        var c = Normalize(current, reference.Count, EmptyBinProportion);
        return r.Select((ri, i) => (c[i] - ri) * Math.Log(c[i] / ri)).Sum();
    }

    /// <summary>
    /// Kullback–Leibler divergence KL(current ‖ reference) = Σ c·ln(c / r) in nats over aligned bins of proportions,
    /// with empty bins replaced by <see cref="EmptyBinProportion"/>.
    /// </summary>
    /// <param name="reference">Reference counts per bin.</param>
    /// <param name="current">Current counts per bin, in the same bin order.</param>
    public static double KullbackLeiblerDivergence(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var r = Normalize(reference, current.Count, EmptyBinProportion);
        var c = Normalize(current, reference.Count, EmptyBinProportion);
        return c.Select((ci, i) => ci * Math.Log(ci / r[i])).Sum();
    }

    internal static (double[] Reference, double[] Current) Align(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var keys = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToList();
        return (keys.Select(k => (double)reference.GetValueOrDefault(k)).ToArray(), keys.Select(k => (double)current.GetValueOrDefault(k)).ToArray());
    }

    private static double[] Normalize(IReadOnlyList<double> counts, int otherLength, double emptyBin)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count != otherLength)
        {
            throw new ArgumentException($"VALIDATION: both distributions need the same bins; got {counts.Count} and {otherLength}.", nameof(counts));
        }

        var total = counts.Sum();
        return counts.Select(x => total > 0 && x > 0 ? x / total : emptyBin).ToArray();
    }

    private static List<CdfPoint> EmpiricalCdf(IReadOnlyList<double> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var sorted = sample.Order().ToArray();
        var points = new List<CdfPoint>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i + 1 == sorted.Length || sorted[i + 1] != sorted[i])
            {
                points.Add(new CdfPoint(sorted[i], (double)(i + 1) / sorted.Length));
            }
        }

        return points;
    }

    // Walks two step CDFs in value order; visit gets (x, F_a(x), F_b(x)) at every jump of either function.
    private static void WalkCdfs(IReadOnlyList<CdfPoint> a, IReadOnlyList<CdfPoint> b, Action<double, double, double> visit)
    {
        int i = 0, j = 0;
        double fa = 0, fb = 0;
        while (i < a.Count || j < b.Count)
        {
            var x = j == b.Count || (i < a.Count && a[i].Value <= b[j].Value) ? a[i].Value : b[j].Value;
            if (i < a.Count && a[i].Value == x)
            {
                fa = a[i++].Rank;
            }

            if (j < b.Count && b[j].Value == x)
            {
                fb = b[j++].Rank;
            }

            visit(x, fa, fb);
        }
    }

    private static double MaxCdfDistance(IReadOnlyList<CdfPoint> a, IReadOnlyList<CdfPoint> b)
    {
        var d = 0.0;
        WalkCdfs(a, b, (_, fa, fb) => d = Math.Max(d, Math.Abs(fa - fb)));
        return d;
    }

    private static double WassersteinDistance(IReadOnlyList<CdfPoint> a, IReadOnlyList<CdfPoint> b)
    {
        double area = 0, previousX = double.NaN, previousGap = 0;
        WalkCdfs(a, b, (x, fa, fb) =>
        {
            if (!double.IsNaN(previousX))
            {
                area += previousGap * (x - previousX);
            }

            previousX = x;
            previousGap = Math.Abs(fa - fb);
        });
        return area;
    }
}
