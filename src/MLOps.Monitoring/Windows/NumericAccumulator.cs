using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Windows;

/// <summary>The per-feature state of a numeric feature in a <see cref="WindowProfile"/>; the hot path.</summary>
internal sealed partial class NumericAccumulator
{
    private const int MaxValues = FeatureProfile.MaxValueFrequencies;

    private readonly double[] _values = new double[MaxValues];
    private readonly long[] _valueCounts = new long[MaxValues];

    // Number of tracked distinct values, or −1 once more than MaxValues were seen (the table is then dropped).
    private int _distinct;
    private int _lastIndex;
    private double _last = double.NaN;
    private long _run;

    public NumericAccumulator(QuantileSketch sketch, double[] edges, double referenceMin, double referenceMax)
    {
        Sketch = sketch;
        Edges = edges;
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
        if (values.IsEmpty)
        {
            return;
        }

        Sketch.AddMany(values);
        HistogramBins.CountInto(Bins, Edges, values);

        double low = ReferenceMin, high = ReferenceMax, last = _last;
        long outOfRange = 0, run = _run, longest = LongestStreak;
        foreach (var value in values)
        {
            // Comparisons with NaN are false, so nothing is out of range without a reference.
            outOfRange += value < low || value > high ? 1 : 0;
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

        OutOfRangeCount += outOfRange;
        (_last, _run, LongestStreak) = (last, run, longest);
        for (var i = 0; i < values.Length && _distinct >= 0; i++)
        {
            Track(values[i], 1);
        }
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
