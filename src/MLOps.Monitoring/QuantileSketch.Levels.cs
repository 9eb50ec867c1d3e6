using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Monitoring;

/// <summary>
/// The items of <see cref="QuantileSketch"/>'s compactors, held as floats while every value added is a float and as
/// doubles from the first value that is not.
/// </summary>
/// <remarks>
/// Model inputs are mostly FP32 tensors, whose values reach the sketch as doubles that a float holds exactly. Keeping
/// them as floats halves the bytes every compaction sorts, merges and copies, and doubles the lanes of the sorting
/// network. Widening is exact and order-preserving, and a float compares as the double it came from, so a sketch
/// compacts, merges and answers exactly as it would have with doubles throughout: the width is invisible outside.
/// </remarks>
public sealed partial class QuantileSketch
{
    /// <summary>The levels' items, whatever their width: level h holds items of weight 2^h, every level above 0 sorted.</summary>
    private abstract partial class Levels(int[] capacities)
    {
        public abstract int Count { get; }

        public abstract int AllocatedItems { get; }

        /// <summary>The sketch's capacity table by distance from the top level.</summary>
        protected int[] Capacities { get; } = capacities;

        /// <summary>The capacity of level h, which depends on its distance from the top level.</summary>
        public int Capacity(int h) => Capacities[Count - 1 - h];

        public abstract int Size(int h);

        public abstract void AddLevel();

        /// <summary>
        /// Appends values to level 0 when these items hold every one exactly (doubles always do; floats only floats),
        /// and returns whether it did; otherwise level 0 is left as it was.
        /// </summary>
        public abstract bool TryAppend(ReadOnlySpan<double> values);

        /// <summary>Compacts level h into level h + 1, which must exist, and returns the number of items promoted.</summary>
        public abstract int Compact(int h, int offset);

        public abstract void CopyLevel(int h, Span<double> destination);

        /// <summary>The total weight of items less than or equal to x.</summary>
        public abstract long WeightAtMost(double x);

        public abstract double[][] SnapshotAsDoubles();
    }

    private sealed partial class Levels<T>(int[] capacities) : Levels(capacities)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public List<List<T>> Items { get; } = [];

        public override int Count => Items.Count;

        public override int AllocatedItems => Items.Sum(l => l.Capacity);

        public override int Size(int h) => Items[h].Count;

        public override void AddLevel()
        {
            Items.Add([]);

            // A new top level shrinks the capacity of every level below; release what a level grew to while it was
            // near the top, so that allocated memory follows the retained-item bound rather than its history.
            for (var h = 0; h + 1 < Items.Count; h++)
            {
                var level = Items[h];
                if (level.Capacity > 2 * Capacity(h) && level.Count <= Capacity(h))
                {
                    level.Capacity = Capacity(h);
                }
            }
        }

        public override bool TryAppend(ReadOnlySpan<double> values)
        {
            var level = Items[0];
            var count = level.Count;
            CollectionsMarshal.SetCount(level, count + values.Length);
            var destination = CollectionsMarshal.AsSpan(level)[count..];
            if (typeof(T) == typeof(double))
            {
                values.CopyTo(MemoryMarshal.Cast<T, double>(destination));
                return true;
            }

            if (NarrowExactly(values, MemoryMarshal.Cast<T, float>(destination)))
            {
                return true;
            }

            CollectionsMarshal.SetCount(level, count);
            return false;
        }

        public override int Compact(int h, int offset)
        {
            // Levels above the lowest are already sorted.
            var level = Items[h];
            if (h == 0)
            {
                SortingNetwork.Sort(CollectionsMarshal.AsSpan(level));
            }

            // An odd item stays behind so that total weight is preserved exactly and ranks stay unbiased.
            var items = CollectionsMarshal.AsSpan(level);
            var odd = items.Length % 2 == 1;
            var leftover = odd ? items[^1] : T.NaN;
            var promoted = items.Length / 2;
            for (var i = 0; i < promoted; i++)
            {
                items[i] = items[offset + (2 * i)];
            }

            MergeLevel(h + 1, items[..promoted]);
            level.Clear();

            // Levels above the lowest shrink as levels are added, but their lists keep what they grew to as the top;
            // trimming here (rare: once per 2^h compactions) keeps allocated memory close to the retained-item bound.
            if (h > 0 && level.Capacity > 4 * Capacity(h))
            {
                level.Capacity = 2 * Capacity(h);
            }

            if (odd)
            {
                level.Add(leftover);
            }

            return promoted;
        }

        /// <summary>Adds items to level h: appended to level 0, merged into the sorted levels above.</summary>
        public void MergeLevel(int h, ReadOnlySpan<T> items)
        {
            if (h == 0)
            {
                Items[0].AddRange(items);
            }
            else
            {
                MergeSorted(Items[h], items);
            }
        }

        public override void CopyLevel(int h, Span<double> destination) => ToDoubles(CollectionsMarshal.AsSpan(Items[h]), destination);

        public override long WeightAtMost(double x)
        {
            long weight = 0;
            for (var h = 0; h < Items.Count; h++)
            {
                foreach (var item in Items[h])
                {
                    if (double.CreateTruncating(item) <= x)
                    {
                        weight += 1L << h;
                    }
                }
            }

            return weight;
        }

        public T[][] Snapshot() => [.. Items.Select(l => l.ToArray())];

        public override double[][] SnapshotAsDoubles()
        {
            var snapshot = new double[Items.Count][];
            for (var h = 0; h < snapshot.Length; h++)
            {
                snapshot[h] = new double[Items[h].Count];
                CopyLevel(h, snapshot[h]);
            }

            return snapshot;
        }

        /// <summary>The same items as doubles, with the same capacities.</summary>
        public Levels<double> Widen()
        {
            var doubles = new Levels<double>(Capacities);
            foreach (var level in Items)
            {
                var widened = new List<double>(level.Capacity);
                CollectionsMarshal.SetCount(widened, level.Count);
                ToDoubles(CollectionsMarshal.AsSpan(level), CollectionsMarshal.AsSpan(widened));
                doubles.Items.Add(widened);
            }

            return doubles;
        }

        // Items as doubles: a copy when they already are, else a widening that is exact.
        private static void ToDoubles(ReadOnlySpan<T> items, Span<double> destination)
        {
            if (typeof(T) == typeof(double))
            {
                MemoryMarshal.Cast<T, double>(items).CopyTo(destination);
                return;
            }

            for (var i = 0; i < items.Length; i++)
            {
                destination[i] = double.CreateTruncating(items[i]);
            }
        }

        // Merges an ascending run into an ascending list: with vectors when the lengths allow (SortingNetwork.Merge),
        // else in place, back to front. Without branches on the comparison: each step writes the larger of the two
        // heads (the list's on a strict win, else the run's, as a branch would) and moves the index it came from, so
        // random data costs no mispredictions. Items are never NaN.
        private static void MergeSorted(List<T> target, ReadOnlySpan<T> run)
        {
            if (SortingNetwork.CanMerge(target.Count, run.Length))
            {
                var count = target.Count;
                CollectionsMarshal.SetCount(target, count + run.Length);
                var all = CollectionsMarshal.AsSpan(target);
                SortingNetwork.Merge(all[..count], run, all);
                return;
            }

            var i = target.Count - 1;
            CollectionsMarshal.SetCount(target, target.Count + run.Length);
            var merged = CollectionsMarshal.AsSpan(target);
            var j = run.Length - 1;
            var w = merged.Length - 1;
            while (i >= 0 && j >= 0)
            {
                var fromList = merged[i];
                var fromRun = run[j];
                var listWins = fromList > fromRun ? 1 : 0;
                merged[w--] = T.MaxNative(fromList, fromRun);
                i -= listWins;
                j -= 1 - listWins;
            }

            run[..(j + 1)].CopyTo(merged);
        }
    }

    /// <summary>
    /// Writes the values as floats, 16 at a time where vectors allow, and returns whether each converts back to the
    /// same double (the destination then holds them exactly); one pass for both.
    /// </summary>
    private static bool NarrowExactly(ReadOnlySpan<double> values, Span<float> destination)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<float>.Count <= values.Length; i += Vector512<float>.Count)
            {
                var lower = Vector512.Create(values.Slice(i, Vector512<double>.Count));
                var upper = Vector512.Create(values.Slice(i + Vector512<double>.Count, Vector512<double>.Count));
                var singles = Vector512.Narrow(lower, upper);
                if (!Vector512.EqualsAll(Vector512.WidenLower(singles), lower) || !Vector512.EqualsAll(Vector512.WidenUpper(singles), upper))
                {
                    return false;
                }

                singles.CopyTo(destination[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            var single = (float)values[i];
            if ((double)single != values[i])
            {
                return false;
            }

            destination[i] = single;
        }

        return true;
    }
}
