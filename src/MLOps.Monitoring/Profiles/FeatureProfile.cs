using System.Collections.Frozen;

namespace MLOps.Monitoring.Profiles;

/// <summary>What a <see cref="ReferenceProfile"/> knows about one feature of the reference dataset.</summary>
/// <remarks>
/// Numeric features keep a <see cref="QuantileSketch"/>, histogram bins cut at the reference deciles (by default)
/// with exact counts, their value frequencies when they have at most <see cref="MaxValueFrequencies"/> distinct
/// values, and all their values when the reference is small (at most <see cref="DefaultDriftTest.SmallReferenceLimit"/>
/// values), so that hypothesis tests are exact on the reference side. Categorical features keep a
/// <see cref="CategoricalCounter"/>. Immutable once built.
/// </remarks>
public sealed partial class FeatureProfile
{
    /// <summary>Numeric features with at most this many distinct values keep exact value frequencies.</summary>
    public const int MaxValueFrequencies = 32;

    private readonly CdfPoint[] _cdf;

    internal FeatureProfile(FeatureSpec spec, long missingCount, int distinctCount, QuantileSketch? sketch, double[] edges, long[] binCounts, ValueCount[]? values, double[]? exactValues, CategoricalCounter? counter)
    {
        Spec = spec;
        MissingCount = missingCount;
        DistinctCount = distinctCount;
        Sketch = sketch;
        Edges = edges;
        Bins = binCounts;
        ValueFrequencies = values;
        ExactValues = exactValues;
        Counter = counter;
        Count = sketch?.Count ?? counter?.Count ?? 0;
        _cdf = exactValues is not null ? ExactCdf(exactValues) : [.. sketch?.CdfPoints() ?? []];
        Frequencies = counter is not null ? FrequencyTable.FromCategories(counter) : values is not null ? FrequencyTable.FromValues(values) : null;
        ReferenceCategories = counter is not null ? counter.Categories.Keys.ToFrozenSet(StringComparer.Ordinal) : null;
    }

    /// <summary>The feature.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>Number of non-missing values.</summary>
    public long Count { get; }

    /// <summary>Number of missing values (null, empty, NaN or infinite).</summary>
    public long MissingCount { get; }

    /// <summary>Smallest value (numeric), NaN when there is none.</summary>
    public double Min => Sketch?.Min ?? double.NaN;

    /// <summary>Largest value (numeric), NaN when there is none.</summary>
    public double Max => Sketch?.Max ?? double.NaN;

    /// <summary>Exact mean (numeric), NaN when there is none.</summary>
    public double Mean => Sketch?.Mean ?? double.NaN;

    /// <summary>Exact population standard deviation (numeric), NaN when there is none.</summary>
    public double StandardDeviation => Math.Sqrt(Sketch?.Variance ?? double.NaN);

    /// <summary>
    /// Number of distinct non-missing values: exact for numeric features; for categorical features exact up to
    /// <see cref="CategoricalCounter.DefaultMaxCategories"/>, beyond which <see cref="DistinctCountCapped"/> is set.
    /// </summary>
    public int DistinctCount { get; }

    /// <summary>True when the categorical feature had more categories than were counted individually.</summary>
    public bool DistinctCountCapped => Counter?.OtherCount > 0;

    /// <summary>Whether every non-missing value is the same (and there is at least one).</summary>
    public bool IsConstant => Count > 0 && DistinctCount == 1;

    /// <summary>Interior histogram edges (ascending, no duplicates); bin i is (edge[i−1], edge[i]]. Empty for categorical.</summary>
    public IReadOnlyList<double> BinEdges => Edges;

    /// <summary>Reference counts per bin; one more than <see cref="BinEdges"/>.</summary>
    public IReadOnlyList<long> BinCounts => Bins;

    /// <summary>Value frequencies in ascending value order for numeric features with few distinct values; otherwise null.</summary>
    public IReadOnlyList<ValueCount>? ValueFrequencies { get; }

    /// <summary>All non-missing values in ascending order when the reference is small; otherwise null.</summary>
    public IReadOnlyList<double>? ExactValues { get; }

    /// <summary>Category counts, with <see cref="CategoricalCounter.OtherCategory"/> for the overflow; null for numeric.</summary>
    public IReadOnlyDictionary<string, long>? Categories => Counter?.ToFrequencies();

    /// <summary>The reference's step CDF: exact for small references, from the sketch otherwise.</summary>
    public IReadOnlyList<CdfPoint> Cdf => _cdf;

    /// <summary>The CDF's rank error: 0 when exact, otherwise the sketch's <see cref="QuantileSketch.RankErrorBound"/>.</summary>
    public double RankError => ExactValues is not null ? 0.0 : Sketch?.RankErrorBound ?? 0.0;

    internal QuantileSketch? Sketch { get; }

    internal CategoricalCounter? Counter { get; }

    internal double[] Edges { get; }

    internal long[] Bins { get; }

    internal ReadOnlySpan<CdfPoint> CdfSpan => _cdf;

    internal FrequencyTable? Frequencies { get; }

    internal FrozenSet<string>? ReferenceCategories { get; }

    /// <summary>The value at normalized rank <paramref name="q"/>, exact for small references; NaN when there are no values.</summary>
    /// <param name="q">Rank in [0, 1].</param>
    public double Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1.0);
        if (_cdf.Length == 0)
        {
            return double.NaN;
        }

        foreach (var point in _cdf)
        {
            if (point.Rank >= q)
            {
                return point.Value;
            }
        }

        return _cdf[^1].Value;
    }

    private static CdfPoint[] ExactCdf(double[] sorted)
    {
        var points = new List<CdfPoint>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i + 1 == sorted.Length || sorted[i + 1] != sorted[i])
            {
                points.Add(new CdfPoint(sorted[i], (double)(i + 1) / sorted.Length));
            }
        }

        return [.. points];
    }
}
