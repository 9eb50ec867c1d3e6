using System.Runtime.InteropServices;

namespace MLOps.Monitoring;

/// <summary>The compactors of <see cref="QuantileSketch"/>: level capacities, lazy compaction and sorted merges.</summary>
public sealed partial class QuantileSketch
{
    private int Capacity(int level) => _capacities[_levels.Count - 1 - level];

    // Capacities depend only on the distance from the top level, so they are cached by depth and the total is
    // recomputed only when a level is added.
    private void AddLevel()
    {
        _levels.Add([]);
        while (_capacities.Count < _levels.Count)
        {
            _capacities.Add(Math.Max(MinWidth, (int)Math.Ceiling(K * Math.Pow(2.0 / 3.0, _capacities.Count))));
        }

        _totalCapacity = _capacities.Take(_levels.Count).Sum();

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

#pragma warning disable CA5394 // See the constructor.
        var offset = _random.Next(2);
#pragma warning restore CA5394
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
