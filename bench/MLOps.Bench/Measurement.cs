namespace MLOps.Bench;

/// <summary>One cell of the table: how many requests (and rows) completed in how long, and their latencies.</summary>
internal sealed record Measurement(string Model, string Scenario, long Requests, long Rows, TimeSpan Elapsed, double P50Ms, double P99Ms, long Errors)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

    /// <summary>Builds a measurement from per-worker latency samples in Stopwatch ticks.</summary>
    public static Measurement From(string model, string scenario, IEnumerable<List<long>> samples, int rowsPerRequest, TimeSpan elapsed, long errors)
    {
        var all = samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return new Measurement(model, scenario, all.Length, (long)all.Length * rowsPerRequest, elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static double Percentile(long[] sorted, double quantile)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
