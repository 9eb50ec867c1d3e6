namespace MLOps.Monitoring.Profiles;

/// <summary>
/// A reference frequency table in a fixed key order, with an index for aligning a window's frequencies to it in
/// one pass: reference keys first, then keys the reference never had, each as its own category.
/// </summary>
internal sealed class FrequencyTable
{
    private readonly Dictionary<string, int> _index;

    private FrequencyTable(string[] keys, double[] counts)
    {
        Keys = keys;
        Counts = counts;
        _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            _index[keys[i]] = i;
        }

        // The proportion a Z-test compares is that of the most frequent category; ties go to the first key in
        // ordinal order, as DefaultDriftTest does.
        for (var i = 1; i < keys.Length; i++)
        {
            if (counts[i] > counts[Top] || (counts[i] == counts[Top] && string.CompareOrdinal(keys[i], keys[Top]) < 0))
            {
                Top = i;
            }
        }
    }

    public string[] Keys { get; }

    public double[] Counts { get; }

    public int Top { get; }

    public static FrequencyTable FromCategories(CategoricalCounter counter)
    {
        var frequencies = counter.ToFrequencies().Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        return new FrequencyTable([.. frequencies.Select(p => p.Key)], [.. frequencies.Select(p => (double)p.Value)]);
    }

    public static FrequencyTable FromValues(IReadOnlyList<ValueCount> values) =>
        new([.. values.Select(v => CategoryText.FromNumber(v.Value) ?? string.Empty)], [.. values.Select(v => (double)v.Count)]);

    /// <summary>Reference and current counts over the union of keys; <paramref name="other"/> joins the "other" bucket.</summary>
    public (double[] Reference, double[] Current) Align(IReadOnlyDictionary<string, long> current, long other = 0)
    {
        var extra = other > 0 && !_index.ContainsKey(CategoricalCounter.OtherCategory) ? 1 : 0;
        foreach (var key in current.Keys)
        {
            extra += _index.ContainsKey(key) ? 0 : 1;
        }

        var reference = new double[Keys.Length + extra];
        Counts.CopyTo(reference, 0);
        var aligned = new double[reference.Length];
        var next = Keys.Length;
        foreach (var (key, count) in current)
        {
            aligned[_index.TryGetValue(key, out var i) ? i : next++] += count;
        }

        if (other > 0)
        {
            aligned[_index.TryGetValue(CategoricalCounter.OtherCategory, out var i) ? i : next] += other;
        }

        return (reference, aligned);
    }
}
