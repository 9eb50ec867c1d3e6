using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Windows;

/// <summary>
/// The mergeable summary of the values one monitoring window served: per feature a quantile sketch, exact counts
/// per reference bin, missing/NaN/out-of-range counts, the longest constant streak and value frequencies
/// (numeric), or category counts and unseen categories (categorical); plus request, failure and latency stats.
/// </summary>
/// <remarks>
/// <para>
/// Each serving replica folds values into its own profile, serializes it and the window grain merges the partials;
/// a merged profile equals one built over all the values (exactly for counts, bins and categories, within the
/// sketch's rank error for quantiles). The longest constant streak is the longest run seen by one replica in its
/// own order: merging takes the maximum, as runs cannot be joined across replicas.
/// </para>
/// <para>
/// Memory per feature is bounded independently of the number of values. A numeric feature at the default k = 200
/// and 10 bins serializes to at most <see cref="MaxNumericFeatureBytes"/> (10 KiB): its sketch retains at most
/// 3k + 8·64 = 1,112 items of at most 8 bytes (4 while its input is all floats) for any count below 2^62 (about
/// 640 after 10 million values, 5.2 KB as doubles), plus
/// bins, counters and at most 32 tracked values (about 0.7 KB). In memory the sketch's backing arrays stay below
/// 4 × 1,112 items (36 KB; about 2,500 items measured). A categorical feature counts at most 1,000 categories of
/// at most 128 characters and serializes to at most <see cref="MaxCategoricalFeatureBytes"/> (394 bytes per
/// category; about 17 KB for categories of up to 8 ASCII characters); in memory about 2·length + 70 bytes per
/// category.
/// </para>
/// <para>
/// The numeric hot path (<see cref="AddNumeric"/>, <see cref="AddRowMajor(ReadOnlySpan{float}, int, int)"/>) does not
/// allocate, look anything up in a dictionary or make virtual calls: a sketch append, a branch-free bin count over
/// the reference edges, a range check, a run check and, until it overflows, a 32-entry value table.
/// <see cref="AddRowMajor(ReadOnlySpan{float}, int, int)"/> copies rows into a stage of 8,192 values (64 KiB, held
/// once per profile and tensor) and folds it a feature at a time when it is full or when the profile is read.
/// </para>
/// <para>Not thread-safe: give each thread its own profile and merge them.</para>
/// </remarks>
public sealed partial class WindowProfile
{
    /// <summary>The serialized size bound of one numeric feature at the default k and 10 bins.</summary>
    public const int MaxNumericFeatureBytes = 10 * 1024;

    /// <summary>The serialized size bound of one categorical feature at the default category bound.</summary>
    public const int MaxCategoricalFeatureBytes = (CategoricalCounter.DefaultMaxCategories * 394) + 1024;

    private readonly NumericAccumulator?[] _numeric;
    private readonly CategoricalAccumulator?[] _categorical;
    private readonly FeatureSpec[] _features;
    private readonly QuantileSketch _latency;

    /// <summary>Creates an empty window profile.</summary>
    /// <param name="features">The features, with unique names; indices into this list address features.</param>
    /// <param name="reference">
    /// The reference profile, matched by feature name, which supplies bin edges, the reference range and its category
    /// set; without it there are no bins and nothing is out of range or unseen.
    /// </param>
    /// <param name="k">Accuracy parameter of the sketches; profiles merge only with the same k.</param>
    /// <param name="maxCategories">Bound on distinct categories counted per categorical feature.</param>
    /// <param name="seed">Seed for the sketches' compactions (feature i uses seed + i); null for random seeds.</param>
    public WindowProfile(IReadOnlyList<FeatureSpec> features, ReferenceProfile? reference = null, int k = QuantileSketch.DefaultK, int maxCategories = CategoricalCounter.DefaultMaxCategories, int? seed = null)
        : this([.. ValidatedSpecs(features)], k, seed)
    {
        for (var i = 0; i < _features.Length; i++)
        {
            var profile = ReferenceFeature(reference, _features[i]);
            if (_features[i].Kind == FeatureKind.Numeric)
            {
                _numeric[i] = new NumericAccumulator(new QuantileSketch(k, seed + i), profile?.Edges ?? [], profile?.Min ?? double.NaN, profile?.Max ?? double.NaN);
            }
            else
            {
                _categorical[i] = new CategoricalAccumulator(new CategoricalCounter(maxCategories), profile?.ReferenceCategories);
            }
        }
    }

    private WindowProfile(FeatureSpec[] features, int k, int? seed)
    {
        _features = features;
        _numeric = new NumericAccumulator?[features.Length];
        _categorical = new CategoricalAccumulator?[features.Length];
        _latency = new QuantileSketch(k, seed - 1);
        K = k;
    }

    /// <summary>The features, in index order.</summary>
    public IReadOnlyList<FeatureSpec> Features => _features;

    /// <summary>The sketches' accuracy parameter.</summary>
    public int K { get; }

    /// <summary>Rows seen: the most observations (values, NaN and missing) of any one feature.</summary>
    public long Count
    {
        get
        {
            Settle();
            long count = 0;
            for (var i = 0; i < _features.Length; i++)
            {
                count = Math.Max(count, _numeric[i]?.Observations ?? _categorical[i]!.Observations);
            }

            return count;
        }
    }

    /// <summary>True when no value and no request has been recorded.</summary>
    public bool IsEmpty => RequestCount == 0 && Count == 0;

    /// <summary>Number of requests recorded.</summary>
    public long RequestCount { get; private set; }

    /// <summary>Number of failed requests recorded.</summary>
    public long FailedRequestCount { get; private set; }

    internal NumericAccumulator? Numeric(int feature)
    {
        Settle();
        return _numeric[feature];
    }

    internal CategoricalAccumulator? Categorical(int feature)
    {
        Settle();
        return _categorical[feature];
    }

    /// <summary>Adds a numeric value; NaN and infinities are counted as NaN and kept out of the distribution.</summary>
    /// <param name="feature">The feature index.</param>
    /// <param name="value">The value.</param>
    /// <remarks>For a categorical feature the number is added as its category text (integral values read "3").</remarks>
    public void AddNumeric(int feature, double value)
    {
        if ((uint)feature >= (uint)_numeric.Length)
        {
            ThrowFeatureOutOfRange(feature);
        }

        Settle();

        if (_numeric[feature] is { } accumulator)
        {
            accumulator.Add(value);
        }
        else
        {
            _categorical[feature]!.Add(CategoryText.FromNumber(value));
        }
    }

    /// <summary>Adds a categorical value; null or empty counts as missing, longer than 128 characters is truncated.</summary>
    /// <param name="feature">The feature index.</param>
    /// <param name="value">The category.</param>
    public void AddCategorical(int feature, string? value)
    {
        if ((uint)feature >= (uint)_numeric.Length)
        {
            ThrowFeatureOutOfRange(feature);
        }

        Settle();

        var accumulator = _categorical[feature]
            ?? throw new ArgumentException($"VALIDATION: feature '{_features[feature].Name}' is numeric; add its values with AddNumeric.", nameof(feature));
        accumulator.Add(value);
    }

    /// <summary>Records that a feature's value was absent (a null input, a column missing from a request).</summary>
    /// <param name="feature">The feature index.</param>
    public void AddMissing(int feature)
    {
        if ((uint)feature >= (uint)_numeric.Length)
        {
            ThrowFeatureOutOfRange(feature);
        }

        Settle();

        if (_numeric[feature] is { } numeric)
        {
            numeric.MissingCount++;
        }
        else
        {
            _categorical[feature]!.MissingCount++;
        }
    }

    private static FeatureProfile? ReferenceFeature(ReferenceProfile? reference, FeatureSpec spec)
    {
        var index = reference?.IndexOf(spec.Name) ?? -1;
        if (index < 0)
        {
            return null;
        }

        var profile = reference!.Features[index];
        return profile.Spec.Kind == spec.Kind ? profile
            : throw new ArgumentException($"VALIDATION: feature '{spec.Name}' is {spec.Kind} but {profile.Spec.Kind} in the reference profile.", nameof(reference));
    }

    private static IReadOnlyList<FeatureSpec> ValidatedSpecs(IReadOnlyList<FeatureSpec> features)
    {
        ProfileFormat.ValidateSpecs(features);
        return features;
    }

    private static void ThrowFeatureOutOfRange(int feature) =>
        throw new ArgumentOutOfRangeException(nameof(feature), feature, "VALIDATION: the feature index is outside the profile's features.");
}
