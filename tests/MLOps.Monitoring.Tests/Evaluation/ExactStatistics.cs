using System.Globalization;

namespace MLOps.Monitoring.Tests.Evaluation;

/// <summary>Statistics computed directly from raw samples, independently of the profiles, to compare against.</summary>
internal static class ExactStatistics
{
    /// <summary>Decile edges: the smallest value whose rank is at least i/bins, duplicates removed.</summary>
    public static double[] Edges(double[] reference, int bins = 10)
    {
        var sorted = reference.Where(double.IsFinite).Order().ToArray();
        return [.. Enumerable.Range(1, bins - 1).Select(i => sorted[(int)Math.Ceiling((double)i * sorted.Length / bins) - 1]).Distinct()];
    }

    public static double[] BinCounts(IEnumerable<double> values, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var value in values.Where(double.IsFinite))
        {
            counts[edges.Count(e => e < value)]++;
        }

        return counts;
    }

    public static Dictionary<string, long> Frequencies(IEnumerable<string?> values) =>
        values.OfType<string>().Where(v => v.Length > 0).GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    public static Dictionary<string, long> Frequencies(IEnumerable<double> values) =>
        Frequencies(values.Where(double.IsFinite).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    public static double[] Finite(double[] values) => [.. values.Where(double.IsFinite)];

    /// <summary>Aligns two frequency tables over the union of their keys, like DriftTests does.</summary>
    public static (double[] Reference, double[] Current) Align(Dictionary<string, long> reference, Dictionary<string, long> current)
    {
        var keys = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToArray();
        return ([.. keys.Select(k => (double)reference.GetValueOrDefault(k))], [.. keys.Select(k => (double)current.GetValueOrDefault(k))]);
    }
}
