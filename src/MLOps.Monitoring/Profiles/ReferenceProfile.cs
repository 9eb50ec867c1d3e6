namespace MLOps.Monitoring.Profiles;

/// <summary>
/// What a model version's reference dataset looks like, per feature: counts, range, moments, a quantile sketch,
/// quantile bins with exact counts, distinct values and frequencies. Windows of served values are compared with it.
/// </summary>
/// <remarks>Built by <see cref="ReferenceProfileBuilder"/>; immutable and safe to share between threads.</remarks>
public sealed partial class ReferenceProfile
{
    private readonly FeatureProfile[] _features;
    private readonly Dictionary<string, int> _index;

    internal ReferenceProfile(long rowCount, int binCount, FeatureProfile[] features)
    {
        RowCount = rowCount;
        BinCount = binCount;
        _features = features;
        _index = new Dictionary<string, int>(features.Length, StringComparer.Ordinal);
        for (var i = 0; i < features.Length; i++)
        {
            if (!_index.TryAdd(features[i].Spec.Name, i))
            {
                throw new InvalidDataException($"VALIDATION: feature '{features[i].Spec.Name}' appears twice in the reference profile.");
            }
        }
    }

    /// <summary>Number of reference rows: the most values (including missing ones) seen for any feature.</summary>
    public long RowCount { get; }

    /// <summary>The number of quantile bins numeric features were built with (edges may be fewer for discrete data).</summary>
    public int BinCount { get; }

    /// <summary>The features, in index order.</summary>
    public IReadOnlyList<FeatureProfile> Features => _features;

    /// <summary>The feature specifications, in index order.</summary>
    public IReadOnlyList<FeatureSpec> Specs => [.. _features.Select(f => f.Spec)];

    /// <summary>The index of the feature called <paramref name="name"/>, or −1.</summary>
    /// <param name="name">The feature name.</param>
    public int IndexOf(string name) => _index.GetValueOrDefault(name, -1);

    /// <summary>A small JSON-friendly description: per feature its kind, count, missing rate, range, mean and p5/p50/p95.</summary>
    public ReferenceSummary Summarize() => new(RowCount, [.. _features.Select(FeatureSummary.Of)]);
}
