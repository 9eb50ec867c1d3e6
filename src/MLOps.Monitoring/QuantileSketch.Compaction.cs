using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace MLOps.Monitoring;

/// <summary>The compactors of <see cref="QuantileSketch"/>: level capacities, lazy compaction and sorted merges.</summary>
public sealed partial class QuantileSketch
{
    // The most levels a sketch can have: level h holds items of weight 2^h, and a count is a long.
    private const int MaxLevels = 64;

    private static readonly ConcurrentDictionary<int, int[]> CapacityTables = new();

    private int Capacity(int level) => _capacities[_levels.Count - 1 - level];

    // Capacities depend only on k and the distance from the top level, so every sketch with the same k shares one
    // table by depth (it stays in cache while many sketches take turns), and the total is recomputed only when a
    // level is added.
    private static int[] CapacityTable(int k) => CapacityTables.GetOrAdd(k, static k =>
        [.. Enumerable.Range(0, MaxLevels).Select(depth => Math.Max(MinWidth, (int)Math.Ceiling(k * Math.Pow(2.0 / 3.0, depth))))]);

    // An unbiased coin from SplitMix64 (Steele, Lea and Flood, 2014): 0 or 1.
    private int FlipCoin()
    {
        var z = _coin += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) >> 63);
    }

    private void AddLevel()
    {
        _levels.Add([]);
        _totalCapacity = 0;
        foreach (var capacity in _capacities.AsSpan(0, _levels.Count))
        {
            _totalCapacity += capacity;
        }

        // A new top level shrinks the capacity of every level below; release what a level grew to while it was
        // near the top, so that allocated memory follows the retained-item bound rather than its history.
        for (var h = 0; h + 1 < _levels.Count; h++)
        {
            var level = _levels[h];
            if (level.Capacity > 2 * Capacity(h) && level.Count <= Capacity(h))
            {
                level.Capacity = Capacity(h);
            }
        }
    }

    // Lazy compaction: only when the whole sketch is full, compact the lowest level that is over its capacity.
    private void Compress()
    {
        while (_retained >= _totalCapacity)
        {
            var h = 0;
            while (_levels[h].Count < Capacity(h))
            {
                h++;
            }

            CompactLevel(h);
        }
    }

    private void CompactLevel(int h)
    {
        if (h + 1 == _levels.Count)
        {
            AddLevel();
        }

        // Levels above the lowest are already sorted.
        var level = _levels[h];
        if (h == 0)
        {
            SortingNetwork.Sort(CollectionsMarshal.AsSpan(level));
        }

        // An odd item stays behind so that total weight is preserved exactly and ranks stay unbiased.
        var items = CollectionsMarshal.AsSpan(level);
        var leftover = items.Length % 2 == 1 ? items[^1] : double.NaN;
        var paired = items.Length - (items.Length % 2);

        var offset = FlipCoin();
        var promoted = paired / 2;
        for (var i = 0; i < promoted; i++)
        {
            items[i] = items[offset + (2 * i)];
        }

        MergeSorted(_levels[h + 1], items[..promoted]);
        _retained -= promoted;
        level.Clear();

        // Levels above the lowest shrink as levels are added, but their lists keep what they grew to as the top;
        // trimming here (rare: once per 2^h compactions) keeps allocated memory close to the retained-item bound.
        if (h > 0 && level.Capacity > 4 * Capacity(h))
        {
            level.Capacity = 2 * Capacity(h);
        }

        if (paired < items.Length)
        {
            level.Add(leftover);
        }
    }

    // Merges an ascending run into an ascending list: with vectors when the lengths allow (SortingNetwork.Merge), else
    // in place, back to front. Without branches on the comparison:
    // each step writes the larger of the two heads (the list's on a strict win, else the run's, as a branch would)
    // and moves the index it came from, so random data costs no mispredictions. Items are never NaN.
    private static void MergeSorted(List<double> target, ReadOnlySpan<double> run)
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
            merged[w--] = double.MaxNative(fromList, fromRun);
            i -= listWins;
            j -= 1 - listWins;
        }

        run[..(j + 1)].CopyTo(merged);
    }
}
