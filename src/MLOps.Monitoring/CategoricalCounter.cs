namespace MLOps.Monitoring;

/// <summary>
/// Bounded frequency counts for string categories: the first <see cref="MaxCategories"/> distinct categories seen
/// are counted exactly and every later new category is counted in a single "other" bucket.
/// </summary>
/// <remarks>
/// First-N-then-other is chosen over space-saving because it is exact whenever the feature has at most N
/// categories (the usual case for monitored categorical features) and its counts never overestimate. When there
/// are more than N categories, which ones are kept depends on arrival and merge order. Memory is O(N).
/// Null values are counted as missing.
/// </remarks>
public sealed class CategoricalCounter
{
    /// <summary>The key under which <see cref="ToFrequencies"/> reports the "other" bucket.</summary>
    public const string OtherCategory = "__other__";

    /// <summary>The default bound on distinct categories.</summary>
    public const int DefaultMaxCategories = 1000;

    private const byte FormatVersion = 1;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Creates an empty counter.</summary>
    /// <param name="maxCategories">The most distinct categories counted individually; at least 1.</param>
    public CategoricalCounter(int maxCategories = DefaultMaxCategories)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCategories);
        MaxCategories = maxCategories;
    }

    /// <summary>The most distinct categories counted individually.</summary>
    public int MaxCategories { get; }

    /// <summary>Total non-missing count, including the "other" bucket.</summary>
    public long Count { get; private set; }

    /// <summary>Count of values that arrived after <see cref="MaxCategories"/> categories were already tracked.</summary>
    public long OtherCount { get; private set; }

    /// <summary>Count of null values.</summary>
    public long MissingCount { get; private set; }

    /// <summary>The individually tracked categories and their counts.</summary>
    public IReadOnlyDictionary<string, long> Categories => _counts;

    /// <summary>Adds <paramref name="count"/> occurrences of <paramref name="category"/>; null counts as missing.</summary>
    /// <param name="category">The category.</param>
    /// <param name="count">How many occurrences; not negative.</param>
    public void Add(string? category, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (category is null)
        {
            MissingCount += count;
            return;
        }

        Count += count;
        if (_counts.TryGetValue(category, out var existing))
        {
            _counts[category] = existing + count;
        }
        else if (_counts.Count < MaxCategories)
        {
            _counts[category] = count;
        }
        else
        {
            OtherCount += count;
        }
    }

    /// <summary>Folds another counter into this one, keeping this counter's bound.</summary>
    /// <param name="other">The counter to add; it is not modified.</param>
    public void Merge(CategoricalCounter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // Larger categories claim free slots first, so the bucket loses as little detail as possible.
        var incoming = other._counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var otherCount = other.OtherCount;
        var missingCount = other.MissingCount;
        foreach (var (category, count) in incoming)
        {
            Add(category, count);
        }

        Count += otherCount;
        OtherCount += otherCount;
        MissingCount += missingCount;
    }

    /// <summary>The tracked counts plus <see cref="OtherCategory"/> when the "other" bucket is not empty.</summary>
    public IReadOnlyDictionary<string, long> ToFrequencies()
    {
        var frequencies = new Dictionary<string, long>(_counts, StringComparer.Ordinal);
        if (OtherCount > 0)
        {
            frequencies[OtherCategory] = frequencies.GetValueOrDefault(OtherCategory) + OtherCount;
        }

        return frequencies;
    }

    /// <summary>Writes the counter in a compact binary form (UTF-8 strings, little-endian integers).</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(FormatVersion);
            writer.Write(MaxCategories);
            writer.Write(Count);
            writer.Write(OtherCount);
            writer.Write(MissingCount);
            writer.Write(_counts.Count);
            foreach (var (category, count) in _counts)
            {
                writer.Write(category);
                writer.Write(count);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a counter written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialized bytes.</param>
    public static CategoricalCounter Deserialize(ReadOnlySpan<byte> data)
    {
        using var stream = new MemoryStream(data.ToArray());
        using var reader = new BinaryReader(stream);
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"VALIDATION: categorical counter format version {version} is not supported; expected {FormatVersion}.");
        }

        var counter = new CategoricalCounter(reader.ReadInt32())
        {
            Count = reader.ReadInt64(),
            OtherCount = reader.ReadInt64(),
            MissingCount = reader.ReadInt64(),
        };
        var categories = reader.ReadInt32();
        for (var i = 0; i < categories; i++)
        {
            counter._counts[reader.ReadString()] = reader.ReadInt64();
        }

        return counter;
    }
}
