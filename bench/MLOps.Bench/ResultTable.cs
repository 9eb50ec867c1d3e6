using System.Globalization;

namespace MLOps.Bench;

/// <summary>Prints the measurements as a table, then the ratios the serving targets are stated in.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<Measurement> results)
    {
        Console.WriteLine();
        Console.WriteLine(Row("model", "scenario", "req/s", "rows/s", "p50 ms", "p99 ms", "errors"));
        Console.WriteLine(new string('-', 104));
        foreach (var m in results)
        {
            Console.WriteLine(Row(m.Model, m.Scenario, F(m.RequestsPerSecond, 0), F(m.RowsPerSecond, 0), F(m.P50Ms, 3), F(m.P99Ms, 3), m.Errors.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The targets: at c=64 with batching, served ≥ 1.5× (1) and ≥ 0.5× (2); at c=1, p50 ≤ (1)'s p50 + 0.5 ms.</summary>
    /// <remarks>
    /// The targets are set for the compute-heavy model; for the tiny one the same ratios are printed without a
    /// verdict, to show the fixed per-request cost of HTTP, JSON and the batcher.
    /// </remarks>
    public static void PrintTargets(string model, Measurement single, Measurement batched, Measurement servedC1, Measurement servedC64, bool judged)
    {
        Console.WriteLine();
        Console.WriteLine(judged ? $"{model}: targets (batching on)" : $"{model}: the same ratios, for the fixed per-request cost (no target)");
        _judged = judged;
        Target("served c=64 req/s / (1) onnx 1 row/run req/s", servedC64.RequestsPerSecond / single.RequestsPerSecond, ">= 1.50x", ratio => ratio >= 1.5, "x");
        Target("served c=64 rows/s / (2) onnx batched rows/s", servedC64.RowsPerSecond / batched.RowsPerSecond, ">= 0.50x", ratio => ratio >= 0.5, "x");
        Target("served c=1 p50 - (1) onnx 1 row/run p50", servedC1.P50Ms - single.P50Ms, "<= 0.50 ms", delta => delta <= 0.5, " ms");
    }

    private static bool _judged;

    private static void Target(string what, double value, string goal, Func<double, bool> met, string unit) =>
        Console.WriteLine(_judged
            ? $"  {what,-48} {F(value, 2) + unit,12}   target {goal,-10} {(met(value) ? "PASS" : "FAIL")}"
            : $"  {what,-48} {F(value, 2) + unit,12}");

    private static string Row(string model, string scenario, string rps, string rows, string p50, string p99, string errors) =>
        $"{model,-6} {scenario,-36} {rps,12} {rows,12} {p50,10} {p99,10} {errors,8}";

    private static string F(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
