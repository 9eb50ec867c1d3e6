namespace MLOps.Monitoring.Tests;

/// <summary>Seeded random samples for the statistical tests.</summary>
internal static class Samples
{
    public static double[] Normal(Random random, int n, double mean = 0, double sd = 1)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Box–Muller; 1 − U keeps the logarithm's argument away from zero.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    public static double[] Exponential(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => -Math.Log(1.0 - random.NextDouble())).ToArray();

    public static double[] Uniform(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();

    // Heavy ties: only 50 distinct values.
    public static double[] Discrete(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => (double)random.Next(50)).ToArray();

    // Already sorted input is the classic adversarial order for streaming sketches.
    public static double[] Ascending(int n) => Enumerable.Range(0, n).Select(i => (double)i).ToArray();

    /// <summary>The largest |F̂(x) − F(x)| over every x, where F is the exact CDF of <paramref name="data"/>.</summary>
    public static double MaxRankError(QuantileSketch sketch, double[] data)
    {
        var sorted = data.Order().ToArray();
        var cdf = sketch.CdfPoints();
        var error = 0.0;
        var j = -1;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i + 1 < sorted.Length && sorted[i + 1] == sorted[i])
            {
                continue;
            }

            while (j + 1 < cdf.Count && cdf[j + 1].Value <= sorted[i])
            {
                j++;
            }

            var estimated = j < 0 ? 0.0 : cdf[j].Rank;
            error = Math.Max(error, Math.Abs(estimated - ((double)(i + 1) / sorted.Length)));
        }

        return error;
    }

    public static QuantileSketch Sketch(IEnumerable<double> values, int k = QuantileSketch.DefaultK, int seed = 1)
    {
        var sketch = new QuantileSketch(k, seed);
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        return sketch;
    }
}
