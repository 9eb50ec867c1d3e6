using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Monitoring.Tests.Profiles;

/// <summary>Builds references and windows from raw columns: double[] for numeric features, string?[] for categorical.</summary>
internal static class ProfileFixtures
{
    public static ReferenceProfile Reference(IReadOnlyList<FeatureSpec> specs, IReadOnlyList<Array> columns, int seed = 1)
    {
        var builder = new ReferenceProfileBuilder(specs, seed: seed);
        for (var f = 0; f < specs.Count; f++)
        {
            Fold(columns[f], v => builder.AddNumeric(f, v), c => builder.AddCategorical(f, c));
        }

        return builder.Build();
    }

    public static WindowProfile Window(ReferenceProfile reference, IReadOnlyList<Array> columns, int seed = 2)
    {
        var window = new WindowProfile(reference.Specs, reference, seed: seed);
        Fill(window, columns);
        return window;
    }

    public static void Fill(WindowProfile window, IReadOnlyList<Array> columns)
    {
        for (var f = 0; f < columns.Count; f++)
        {
            Fold(columns[f], v => window.AddNumeric(f, v), c => window.AddCategorical(f, c));
        }
    }

    /// <summary>Rows [start, end) of every column.</summary>
    public static Array[] Slice(IReadOnlyList<Array> columns, int start, int end) =>
        [.. columns.Select(c => c is double[] d ? (Array)d[Math.Min(start, d.Length)..Math.Min(end, d.Length)] : ((string?[])c)[Math.Min(start, c.Length)..Math.Min(end, c.Length)])];

    public static string?[] Categories(Random random, int n, params (string? Category, double Weight)[] weights)
    {
        var total = weights.Sum(w => w.Weight);
        var values = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble() * total;
            var k = 0;
            while (k < weights.Length - 1 && (u -= weights[k].Weight) > 0)
            {
                k++;
            }

            values[i] = weights[k].Category;
        }

        return values;
    }

    private static void Fold(Array column, Action<double> numeric, Action<string?> categorical)
    {
        if (column is double[] values)
        {
            foreach (var value in values)
            {
                numeric(value);
            }
        }
        else
        {
            foreach (var value in (string?[])column)
            {
                categorical(value);
            }
        }
    }
}
