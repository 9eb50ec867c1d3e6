using System.Collections.Frozen;
using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Windows;

/// <summary>The per-feature state of a categorical feature in a <see cref="WindowProfile"/>.</summary>
internal sealed class CategoricalAccumulator(CategoricalCounter counter, FrozenSet<string>? referenceCategories)
{
    private string? _last;
    private long _run;

    public CategoricalCounter Counter { get; } = counter;

    /// <summary>The reference's categories; null when unknown, and then nothing is counted as unseen.</summary>
    public FrozenSet<string>? ReferenceCategories { get; set; } = referenceCategories;

    public long MissingCount { get; set; }

    public long UnseenCount { get; private set; }

    public long LongestStreak { get; private set; }

    public long Observations => Counter.Count + MissingCount;

    public void Add(string? value)
    {
        var category = CategoryText.Normalize(value);
        if (category is null)
        {
            MissingCount++;
            return;
        }

        Counter.Add(category);
        if (ReferenceCategories is not null && !ReferenceCategories.Contains(category))
        {
            UnseenCount++;
        }

        if (ReferenceEquals(category, _last) || string.Equals(category, _last, StringComparison.Ordinal))
        {
            _run++;
        }
        else
        {
            _last = category;
            _run = 1;
        }

        LongestStreak = Math.Max(LongestStreak, _run);
    }

    public void Merge(CategoricalAccumulator other)
    {
        Counter.Merge(other.Counter);
        MissingCount += other.MissingCount;
        UnseenCount += other.UnseenCount;
        LongestStreak = Math.Max(LongestStreak, other.LongestStreak);
    }

    public void Write(BinaryWriter writer)
    {
        ProfileFormat.WriteBlob(writer, Counter.Serialize());
        writer.Write(MissingCount);
        writer.Write(UnseenCount);
        writer.Write(LongestStreak);
        writer.Write(_last ?? string.Empty);
        writer.Write(_run);
    }

    public static CategoricalAccumulator Read(BinaryReader reader)
    {
        var accumulator = new CategoricalAccumulator(CategoricalCounter.Deserialize(ProfileFormat.ReadBlob(reader)), null)
        {
            MissingCount = reader.ReadInt64(),
        };
        accumulator.UnseenCount = reader.ReadInt64();
        accumulator.LongestStreak = reader.ReadInt64();
        var last = reader.ReadString();
        accumulator._last = last.Length == 0 ? null : last;
        accumulator._run = reader.ReadInt64();
        if (accumulator.MissingCount < 0 || accumulator.UnseenCount < 0 || accumulator.UnseenCount > accumulator.Counter.Count)
        {
            throw new InvalidDataException("VALIDATION: a categorical feature in the window profile is inconsistent.");
        }

        return accumulator;
    }
}
