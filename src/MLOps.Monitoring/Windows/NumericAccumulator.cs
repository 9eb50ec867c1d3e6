using System.Runtime.Intrinsics;
using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Windows;

/// <summary>The per-feature state of a numeric feature in a <see cref="WindowProfile"/>; the hot path.</summary>
internal sealed partial class NumericAccumulator
{
    private const int MaxValues = FeatureProfile.MaxValueFrequencies;

    private readonly double[] _values = new double[MaxValues];
    private readonly long[] _valueCounts = new long[MaxValues];
    private readonly bool _edgesAscending;

    // Number of tracked distinct values, or −1 once more than MaxValues were seen (the table is then dropped).
    private int _distinct;
    private int _lastIndex;
    private double _last = double.NaN;
    private long _run;

    public NumericAccumulator(QuantileSketch sketch, double[] edges, double referenceMin, double referenceMax)
    {
        Sketch = sketch;
        Edges = edges;
        _edgesAscending = HistogramBins.IsAscending(edges);
        Bins = new long[edges.Length + 1];
        ReferenceMin = referenceMin;
        ReferenceMax = referenceMax;
    }

    public QuantileSketch Sketch { get; }

    public double[] Edges { get; }

    public long[] Bins { get; }

    public double ReferenceMin { get; }

    public double ReferenceMax { get; }

    public long MissingCount { get; set; }

    public long NaNCount { get; private set; }

    public long OutOfRangeCount { get; private set; }

    public long LongestStreak { get; private set; }

    public long Observations => Sketch.Count + MissingCount + NaNCount;

    public bool HasValueFrequencies => _distinct >= 0;

    public void Add(double value) => AddMany(new Span<double>(ref value));

    /// <summary>
    /// Adds a run of values in order, one statistic at a time so that each loop keeps its state in registers.
    /// Non-finite values are counted as NaN and moved out of the span; they do not break a constant streak.
    /// </summary>
    public void AddMany(Span<double> values)
    {
        if (!AllFinite(values))
        {
            var finite = 0;
            foreach (var value in values)
            {
                if (double.IsFinite(value))
                {
                    values[finite++] = value;
                }
            }

            NaNCount += values.Length - finite;
            values = values[..finite];
        }

        if (values.IsEmpty)
        {
            return;
        }

        Sketch.AddFinite(values);
        HistogramBins.CountInto(Bins, Edges, values, _edgesAscending);
        OutOfRangeCount += CountOutside(values, ReferenceMin, ReferenceMax);
        if (values[0] != _last && !HasEqualNeighbours(values))
        {
            // Every value differs from the one before it: the streak restarts at the last value.
            (_last, _run, LongestStreak) = (values[^1], 1, Math.Max(LongestStreak, 1));
        }
        else
        {
            CountStreaks(values);
        }

        for (var i = 0; i < values.Length && _distinct >= 0; i++)
        {
            Track(values[i], 1);
        }
    }

    private void CountStreaks(ReadOnlySpan<double> values)
    {
        double last = _last;
        long run = _run, longest = LongestStreak;
        foreach (var value in values)
        {
            if (value == last)
            {
                run++;
            }
            else
            {
                last = value;
                run = 1;
            }

            longest = run > longest ? run : longest;
        }

        (_last, _run, LongestStreak) = (last, run, longest);
    }

    // Finite iff x − x is 0 (infinities and NaN give NaN), eight values at a time.
    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var finite = Vector512<double>.AllBitsSet;
            for (; i + Vector512<double>.Count <= values.Length; i += Vector512<double>.Count)
            {
                var block = Vector512.Create(values.Slice(i, Vector512<double>.Count));
                finite &= Vector512.Equals(block - block, Vector512<double>.Zero);
            }

            if (finite != Vector512<double>.AllBitsSet)
            {
                return false;
            }
        }

        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return false;
            }
        }

        return true;
    }

    // Values below low or above high; comparisons with NaN are false, so nothing is outside without a reference.
    private static long CountOutside(ReadOnlySpan<double> values, double low, double high)
    {
        long outside = 0;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (lows, highs, counts) = (Vector512.Create(low), Vector512.Create(high), Vector512<long>.Zero);
            for (; i + Vector512<double>.Count <= values.Length; i += Vector512<double>.Count)
            {
                var block = Vector512.Create(values.Slice(i, Vector512<double>.Count));
                counts -= (Vector512.LessThan(block, lows) | Vector512.GreaterThan(block, highs)).AsInt64();
            }

            outside = Vector512.Sum(counts);
        }

        for (; i < values.Length; i++)
        {
            outside += values[i] < low || values[i] > high ? 1 : 0;
        }

        return outside;
    }

    private static bool HasEqualNeighbours(ReadOnlySpan<double> values)
    {
        var i = 1;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<double>.Count <= values.Length; i += Vector512<double>.Count)
            {
                if (Vector512.EqualsAny(Vector512.Create(values.Slice(i, Vector512<double>.Count)), Vector512.Create(values.Slice(i - 1, Vector512<double>.Count))))
                {
                    return true;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (values[i] == values[i - 1])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The tracked value frequencies keyed by category text, or null once the table was dropped.</summary>
    public Dictionary<string, long>? ValueFrequencies()
    {
        if (_distinct < 0)
        {
            return null;
        }

        var frequencies = new Dictionary<string, long>(_distinct, StringComparer.Ordinal);
        for (var i = 0; i < _distinct; i++)
        {
            var key = CategoryText.FromNumber(_values[i]) ?? string.Empty;
            frequencies[key] = frequencies.GetValueOrDefault(key) + _valueCounts[i];
        }

        return frequencies;
    }

    /// <summary>Folds another accumulator in; the constant streak is the longer of the two (streaks are per replica).</summary>
    public void Merge(NumericAccumulator other)
    {
        Sketch.Merge(other.Sketch);
        for (var i = 0; i < Bins.Length; i++)
        {
            Bins[i] += other.Bins[i];
        }

        MissingCount += other.MissingCount;
        NaNCount += other.NaNCount;
        OutOfRangeCount += other.OutOfRangeCount;
        LongestStreak = Math.Max(LongestStreak, other.LongestStreak);
        if (other._distinct < 0)
        {
            _distinct = -1;
        }

        for (var i = 0; i < other._distinct && _distinct >= 0; i++)
        {
            Track(other._values[i], other._valueCounts[i]);
        }
    }

    private void Track(double value, long count)
    {
        if (_distinct > 0 && _values[_lastIndex] == value)
        {
            _valueCounts[_lastIndex] += count;
            return;
        }

        for (var i = 0; i < _distinct; i++)
        {
            if (_values[i] == value)
            {
                _valueCounts[i] += count;
                _lastIndex = i;
                return;
            }
        }

        if (_distinct == MaxValues)
        {
            _distinct = -1;
            return;
        }

        _values[_distinct] = value;
        _valueCounts[_distinct] = count;
        _lastIndex = _distinct++;
    }
}
