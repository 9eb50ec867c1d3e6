using System.Globalization;
using MLOps.Monitoring;
using MLOps.Monitoring.Profiles;

namespace MLOps.Bench.Monitoring;

/// <summary>
/// Tabular data for the in-process measurements, from a seed: numeric feature i is normal with its own mean and
/// scale (every fourth one log-normal, skewed), categorical features draw from 12 categories with skewed
/// frequencies. A shift moves a numeric feature by that many of its standard deviations and tilts a categorical
/// one towards its rare categories.
/// </summary>
internal sealed class SyntheticFeatures(int seed)
{
    private const int Categories = 12;

    private static readonly string[] CategoryNames = [.. Enumerable.Range(0, Categories).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture))];

    private readonly Random _random = new(seed);

    public static FeatureSpec[] Specs(int numeric, int categorical = 0) =>
    [
        .. Enumerable.Range(0, numeric).Select(i => new FeatureSpec("n" + i.ToString(CultureInfo.InvariantCulture), FeatureKind.Numeric)),
        .. Enumerable.Range(0, categorical).Select(i => new FeatureSpec("c" + i.ToString(CultureInfo.InvariantCulture), FeatureKind.Categorical)),
    ];

    /// <summary>A reference profile over <paramref name="rows"/> rows of these specs, unshifted.</summary>
    public ReferenceProfile Reference(IReadOnlyList<FeatureSpec> specs, int rows)
    {
        var builder = new ReferenceProfileBuilder(specs, seed: 11);
        for (var row = 0; row < rows; row++)
        {
            for (var f = 0; f < specs.Count; f++)
            {
                if (specs[f].Kind == FeatureKind.Numeric)
                {
                    builder.AddNumeric(f, Numeric(f, 0));
                }
                else
                {
                    builder.AddCategorical(f, Category(0));
                }
            }
        }

        return builder.Build();
    }

    public double Numeric(int feature, double shift)
    {
        var mean = 10.0 * (feature % 7);
        var scale = 1.0 + (feature % 5);
        var z = Normal() + shift;
        return feature % 4 == 3 ? mean + Math.Exp(0.5 * z) : mean + (scale * z);
    }

    public string Category(double shift)
    {
        // Geometric-like frequencies; a shift flattens them, moving mass to the rare categories.
        var u = _random.NextDouble();
        var index = (int)Math.Floor(Math.Log(1 - (u * (1 - Math.Pow(0.6 + (0.3 * shift), Categories)))) / Math.Log(0.6 + (0.3 * shift)));
        return CategoryNames[Math.Clamp(index, 0, Categories - 1)];
    }

    /// <summary>A row-major [rows, features] block of numeric values.</summary>
    public float[] Block(int rows, int features)
    {
        var block = new float[rows * features];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = (float)Numeric(i % features, 0);
        }

        return block;
    }

    private double Normal()
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        var u = 1 - _random.NextDouble();
        var v = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
