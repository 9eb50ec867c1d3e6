using System.Numerics;
using System.Runtime.Intrinsics;

namespace MLOps.Monitoring;

/// <summary>
/// A mergeable quantile sketch for doubles in the style of KLL (Karnin, Lang and Liberty, "Optimal Quantile
/// Approximation in Streams", FOCS 2016): a stack of compactors where level h holds items of weight 2^h and the
/// capacity of level h shrinks geometrically (factor 2/3) with its distance from the top level.
/// </summary>
/// <remarks>
/// <para>
/// Memory: after every <see cref="Add"/> or <see cref="Merge"/> the number of retained items is below
/// Σ_h max(8, ⌈k·(2/3)^(H−1−h)⌉) ≤ 3k + 8H, where H is the number of levels and H ≤ ⌊log2(n)⌋ + 1.
/// <see cref="MaxRetained"/> evaluates that bound; it does not depend on n except through the logarithmic term.
/// </para>
/// <para>
/// Accuracy: KLL's analysis gives normalized rank error ε = O(1/k) with high probability, but its constant is
/// loose. The value we state is the empirical 99%-confidence fit Apache DataSketches publishes for the same design
/// (capacity ratio 2/3, minimum width 8, lazy compaction) in the two-sided (PMF) case, ε(k) = 2.446 / k^0.9433,
/// about 1.65% for k = 200. <see cref="NormalizedRankError"/> returns it; the tests check the largest error over
/// every point of the CDF against it on one million values from five distributions (measured: 0.4%–0.95% at k = 200).
/// Merged sketches carry the same guarantee. Two sketches compared with each other (e.g. a KS statistic) are
/// within ε_a + ε_b of the exact comparison.
/// </para>
/// <para>
/// Every level above the lowest is kept sorted (compactions merge their output into the level above), so the sorted
/// CDF is a cheap merge of sorted levels rather than a sort of every retained item.
/// </para>
/// <para>Not thread-safe: one writer at a time; partial sketches are combined with <see cref="Merge"/>.</para>
/// </remarks>
public sealed partial class QuantileSketch
{
    /// <summary>The default accuracy parameter (about 1.65% rank error).</summary>
    public const int DefaultK = 200;

    private const int MinWidth = 8;

    private readonly int[] _capacities;
    // Floats until a value that a float cannot hold exactly arrives (see Levels).
    private Levels _levels;
    // SplitMix64 state for the compaction coin flips: a field rather than a Random object, one cache line fewer to
    // fetch per compaction when many sketches take turns.
    private ulong _coin;
    private int _totalCapacity;
    private int _retained;
    // Mean and variance from sums of the values' offsets from a shift (the first value, re-centred to the mean on
    // every merge and read): no division per value, and no loop-carried dependency longer than one addition,
    // where Welford's update divides by the count each time. The offsets keep the sums small, so the usual
    // cancellation of sum-of-squares formulas does not bite.
    private double _shift;
    private double _sum;
    private double _sumSquares;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="k">Accuracy parameter, at least 8; larger is more accurate and uses more memory.</param>
    /// <param name="seed">Seed for the random compaction offsets, for reproducible tests; null for a random seed.</param>
    public QuantileSketch(int k = DefaultK, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, MinWidth);
        K = k;
        _capacities = CapacityTable(k);
        _levels = new Levels<float>(_capacities);
        _coin = seed is { } s ? (ulong)s : (ulong)Random.Shared.NextInt64();
        AddLevel();
    }

    /// <summary>
    /// An empty sketch that holds its items as doubles from the start, as a sketch does once it was given a value that
    /// is not a float; for tests that compare the two widths.
    /// </summary>
    internal static QuantileSketch WithDoubleItems(int k = DefaultK, int? seed = null)
    {
        var sketch = new QuantileSketch(k, seed);
        sketch.WidenLevels();
        return sketch;
    }

    /// <summary>The accuracy parameter.</summary>
    public int K { get; }

    /// <summary>Number of non-NaN values added (including through merges).</summary>
    public long Count { get; private set; }

    /// <summary>Number of NaN values seen; they are counted as missing and not added.</summary>
    public long MissingCount { get; private set; }

    /// <summary>Smallest value added, or NaN when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>Largest value added, or NaN when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Exact mean of the values added, or NaN when empty.</summary>
    public double Mean => Count == 0 ? double.NaN : _shift + (_sum / Count);

    /// <summary>Exact population variance (divided by n) of the values added, or NaN when empty.</summary>
    public double Variance => Count == 0 ? double.NaN : SumOfSquaredDeviations / Count;

    /// <summary>Σ (x − mean)², never negative.</summary>
    private double SumOfSquaredDeviations => Count == 0 ? 0 : Math.Max(0, _sumSquares - (_sum * _sum / Count));

    /// <summary>Number of items currently held in memory.</summary>
    public int RetainedCount => _retained;

    /// <summary>Number of items the levels' backing arrays can hold: the sketch's actual memory, 4 or 8 bytes per item.</summary>
    internal int AllocatedItemCount => _levels.AllocatedItems;

    /// <summary>Whether the items are held as doubles: a value added or merged in was not exactly a float, or the sketch was read as doubles.</summary>
    internal bool HoldsDoubles => _levels is Levels<double>;

    /// <summary>Number of compactor levels.</summary>
    public int LevelCount => _levels.Count;

    /// <summary>
    /// The rank error this sketch guarantees: 0 while no compaction has happened (a single level holds every value
    /// exactly), otherwise <see cref="NormalizedRankError"/>.
    /// </summary>
    public double RankErrorBound => _levels.Count == 1 ? 0.0 : NormalizedRankError(K);

    /// <summary>The memory bound 3k + 8·(⌊log2(n)⌋ + 1) on <see cref="RetainedCount"/> for a sketch of n values.</summary>
    /// <param name="k">The accuracy parameter.</param>
    /// <param name="n">The number of values.</param>
    public static long MaxRetained(int k, long n) => (3L * k) + (8L * (Math.Max(0, (int)Math.Floor(Math.Log2(Math.Max(1, n)))) + 1));

    /// <summary>The normalized rank error for the whole CDF at 99% confidence, 2.446 / k^0.9433.</summary>
    /// <param name="k">The accuracy parameter.</param>
    public static double NormalizedRankError(int k) => 2.446 / Math.Pow(k, 0.9433);

    /// <summary>Adds one value; NaN is counted in <see cref="MissingCount"/> instead.</summary>
    /// <param name="value">The value.</param>
    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            MissingCount++;
            return;
        }

        if (++Count == 1)
        {
            _shift = value;
        }

        var offset = value - _shift;
        _sum += offset;
        _sumSquares += offset * offset;
        Min = Count == 1 || value < Min ? value : Min;
        Max = Count == 1 || value > Max ? value : Max;
        // One value at a time without the run path's virtual calls: a type test on the sealed level classes.
        if (_levels is Levels<float> singles && (double)(float)value == value)
        {
            singles.Items[0].Add((float)value);
        }
        else
        {
            WidenLevels().Items[0].Add(value);
        }

        if (++_retained >= _totalCapacity)
        {
            Compress();
        }
    }

    /// <summary>
    /// Adds values in order, with exactly the effect of calling <see cref="Add"/> on each (the same sums, extremes and
    /// compactions), but with the moments kept in registers and level 0 appended in runs.
    /// </summary>
    /// <param name="values">The values; NaN is counted in <see cref="MissingCount"/> instead.</param>
    public void AddMany(ReadOnlySpan<double> values)
    {
        // Empty input has no NaN and AddFinite returns at once.
        if (HasNaN(values))
        {
            foreach (var value in values)
            {
                Add(value);
            }

            return;
        }

        AddFinite(values);
    }

    /// <summary><see cref="AddMany"/> for values the caller already knows hold no NaN (it does not look again).</summary>
    internal void AddFinite(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        if (Count == 0)
        {
            _shift = values[0];
            Min = values[0];
            Max = values[0];
        }

        double shift = _shift, sum = _sum, sumSquares = _sumSquares, min = Min, max = Max;
        foreach (var value in values)
        {
            var offset = value - shift;
            sum += offset;
            sumSquares += offset * offset;
            min = value < min ? value : min;
            max = value > max ? value : max;
        }

        (_sum, _sumSquares, Min, Max) = (sum, sumSquares, min, max);
        Count += values.Length;

        // Runs that fill the sketch exactly to its capacity, then the compaction Add would have made at that value.
        while (!values.IsEmpty)
        {
            var run = Math.Min(values.Length, _totalCapacity - _retained);
            while (!_levels.TryAppend(values[..run]))
            {
                // Floats cannot hold a value of this run exactly: doubles can, so this loops at most once.
                WidenLevels();
            }

            _retained += run;
            values = values[run..];
            if (_retained >= _totalCapacity)
            {
                Compress();
            }
        }
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        // NaN is the only value not equal to itself; eight at a time where 512-bit vectors are fast.
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<double>.Count <= values.Length; i += Vector512<double>.Count)
            {
                var block = Vector512.Create(values.Slice(i, Vector512<double>.Count));
                if (!Vector512.EqualsAll(block, block))
                {
                    return true;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sets the moments from a mean and Σ (x − mean)², re-centring the sums on the mean.</summary>
    private void SetMoments(double mean, double sumOfSquaredDeviations)
    {
        _shift = mean;
        _sum = 0;
        _sumSquares = sumOfSquaredDeviations;
    }

    /// <summary>Folds another sketch into this one; the result has the same guarantees as a sketch over both inputs.</summary>
    /// <param name="other">A sketch with the same <see cref="K"/>; it is not modified.</param>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.K != K)
        {
            throw new ArgumentException($"VALIDATION: cannot merge a sketch with k={other.K} into one with k={K}; build both with the same k.", nameof(other));
        }

        MissingCount += other.MissingCount;
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            Min = other.Min;
            Max = other.Max;
        }
        else
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }

        // Chan et al.'s pairwise update keeps mean and variance exact under merging.
        var n = Count + other.Count;
        var mean = Count == 0 ? 0 : Mean;
        var delta = other.Mean - mean;
        var m2 = SumOfSquaredDeviations + other.SumOfSquaredDeviations + (delta * delta * Count * other.Count / n);
        SetMoments(mean + (delta * other.Count / n), m2);
        Count = n;

        // Copies first, so that merging a sketch into itself reads a stable snapshot. Floats stay floats only when
        // both sides hold floats.
        if (_levels is Levels<float> singles && other._levels is Levels<float> otherSingles)
        {
            MergeLevels(singles, otherSingles.Snapshot());
        }
        else
        {
            var snapshot = other._levels.SnapshotAsDoubles();
            MergeLevels(WidenLevels(), snapshot);
        }

        Compress();
    }

    private void MergeLevels<T>(Levels<T> levels, T[][] snapshot)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var h = 0; h < snapshot.Length; h++)
        {
            if (h == levels.Count)
            {
                AddLevel();
            }

            levels.MergeLevel(h, snapshot[h]);
            _retained += snapshot[h].Length;
        }
    }

    /// <summary>Holds the items as doubles from now on (exactly: every float is a double).</summary>
    private Levels<double> WidenLevels()
    {
        if (_levels is not Levels<double> doubles)
        {
            doubles = ((Levels<float>)_levels).Widen();
            _levels = doubles;
        }

        return doubles;
    }

    /// <summary>Fraction of values less than or equal to <paramref name="x"/> (approximate within the rank error).</summary>
    /// <param name="x">The value.</param>
    public double Rank(double x)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        return (double)_levels.WeightAtMost(x) / Count;
    }

    /// <summary>The value at normalized rank <paramref name="q"/>: the smallest retained value whose rank is at least q.</summary>
    /// <param name="q">Rank in [0, 1]; 0 gives <see cref="Min"/> and 1 gives <see cref="Max"/>.</param>
    public double Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1.0);
        if (Count == 0)
        {
            return double.NaN;
        }

        if (q == 0.0)
        {
            return Min;
        }

        foreach (var point in CdfPoints())
        {
            if (point.Rank >= q)
            {
                return point.Value;
            }
        }

        return Max;
    }

    /// <summary>The sketch's step CDF: distinct retained values in ascending order with their cumulative rank.</summary>
    public IReadOnlyList<CdfPoint> CdfPoints()
    {
        var points = new CdfPoint[_retained];
        var count = CopyCdf(points);
        Array.Resize(ref points, count);
        return points;
    }
}
