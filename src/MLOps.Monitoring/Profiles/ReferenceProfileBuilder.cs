namespace MLOps.Monitoring.Profiles;

/// <summary>Builds a <see cref="ReferenceProfile"/> from a reference dataset, one value at a time.</summary>
/// <remarks>
/// <para>
/// Bins need the reference quantiles before values can be counted into them, so the builder keeps every finite
/// numeric value (8 bytes each) until <see cref="Build"/>, which sorts each column once and derives exact
/// quantile edges, exact bin counts, the exact distinct count, value frequencies and (for small references) the
/// exact values from it. The memory is released with the builder. Categorical features go straight into a
/// <see cref="CategoricalCounter"/>.
/// </para>
/// <para>NaN and infinities are missing numeric values; null and empty strings are missing categories. Not thread-safe.</para>
/// </remarks>
public sealed class ReferenceProfileBuilder
{
    /// <summary>The default number of histogram bins (deciles).</summary>
    public const int DefaultBins = 10;

    private readonly List<double>?[] _values;
    private readonly CategoricalCounter?[] _counters;
    private readonly long[] _missing;
    private readonly int _k;
    private readonly int? _seed;

    /// <summary>Creates a builder for the given features.</summary>
    /// <param name="features">The features, with unique names; indices into this list address features.</param>
    /// <param name="bins">Number of quantile bins for numeric features, 2 to 100.</param>
    /// <param name="k">Accuracy parameter of the numeric sketches.</param>
    /// <param name="seed">Seed for the sketches' compactions (feature i uses seed + i); null for random seeds.</param>
    public ReferenceProfileBuilder(IReadOnlyList<FeatureSpec> features, int bins = DefaultBins, int k = QuantileSketch.DefaultK, int? seed = null)
    {
        ProfileFormat.ValidateSpecs(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bins, 100);
        Features = [.. features];
        BinCount = bins;
        _k = k;
        _seed = seed;
        _values = [.. features.Select(f => f.Kind == FeatureKind.Numeric ? new List<double>() : null)];
        _counters = [.. features.Select(f => f.Kind == FeatureKind.Categorical ? new CategoricalCounter() : null)];
        _missing = new long[features.Count];
    }

    /// <summary>The features, in index order.</summary>
    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>The number of quantile bins for numeric features.</summary>
    public int BinCount { get; }

    /// <summary>Adds a value of a numeric feature; NaN and infinities count as missing.</summary>
    /// <param name="feature">The feature index.</param>
    /// <param name="value">The value.</param>
    /// <remarks>For a categorical feature the number is added as its category text (integral values read "3").</remarks>
    public void AddNumeric(int feature, double value)
    {
        var values = _values[feature];
        if (values is null)
        {
            AddCategorical(feature, CategoryText.FromNumber(value));
        }
        else if (double.IsFinite(value))
        {
            values.Add(value);
        }
        else
        {
            _missing[feature]++;
        }
    }

    /// <summary>Adds a value of a categorical feature; null or empty counts as missing.</summary>
    /// <param name="feature">The feature index.</param>
    /// <param name="value">The category; longer than 128 characters is truncated.</param>
    public void AddCategorical(int feature, string? value)
    {
        var counter = _counters[feature]
            ?? throw new ArgumentException($"VALIDATION: feature '{Features[feature].Name}' is numeric; add its values with AddNumeric.", nameof(feature));
        var category = CategoryText.Normalize(value);
        if (category is null)
        {
            _missing[feature]++;
        }
        else
        {
            counter.Add(category);
        }
    }

    /// <summary>Builds the profile from the values added so far; the builder can keep accepting values.</summary>
    public ReferenceProfile Build()
    {
        var profiles = new FeatureProfile[Features.Count];
        long rows = 0;
        for (var i = 0; i < profiles.Length; i++)
        {
            profiles[i] = _values[i] is { } values ? BuildNumeric(i, values) : BuildCategorical(i, _counters[i]!);
            rows = Math.Max(rows, profiles[i].Count + profiles[i].MissingCount);
        }

        return new ReferenceProfile(rows, BinCount, profiles);
    }

    private FeatureProfile BuildNumeric(int feature, List<double> values)
    {
        var sketch = new QuantileSketch(_k, _seed + feature);
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            distinct += i == 0 || sorted[i] != sorted[i - 1] ? 1 : 0;
        }

        var edges = HistogramBins.QuantileEdges(sorted, BinCount);
        var frequencies = distinct <= FeatureProfile.MaxValueFrequencies ? CountValues(sorted, distinct) : null;
        var exact = sorted.Length <= DefaultDriftTest.SmallReferenceLimit ? sorted : null;
        return new FeatureProfile(Features[feature], _missing[feature], distinct, sketch, edges, HistogramBins.Count(sorted, edges), frequencies, exact, null);
    }

    private FeatureProfile BuildCategorical(int feature, CategoricalCounter counter)
    {
        var copy = new CategoricalCounter(counter.MaxCategories);
        copy.Merge(counter);
        return new FeatureProfile(Features[feature], _missing[feature], counter.Categories.Count, null, [], [], null, null, copy);
    }

    private static ValueCount[] CountValues(double[] sorted, int distinct)
    {
        var counts = new ValueCount[distinct];
        var next = -1;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                counts[++next] = new ValueCount(sorted[i], 0);
            }

            counts[next] = counts[next] with { Count = counts[next].Count + 1 };
        }

        return counts;
    }
}
