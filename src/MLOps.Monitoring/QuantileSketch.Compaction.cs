using System.Collections.Concurrent;

namespace MLOps.Monitoring;

/// <summary>The compactors of <see cref="QuantileSketch"/>: level capacities, coin flips and lazy compaction.</summary>
public sealed partial class QuantileSketch
{
    // The most levels a sketch can have: level h holds items of weight 2^h, and a count is a long.
    private const int MaxLevels = 64;

    private static readonly ConcurrentDictionary<int, int[]> CapacityTables = new();

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
        _levels.AddLevel();
        _totalCapacity = 0;
        foreach (var capacity in _capacities.AsSpan(0, _levels.Count))
        {
            _totalCapacity += capacity;
        }
    }

    // Lazy compaction: only when the whole sketch is full, compact the lowest level that is over its capacity.
    private void Compress()
    {
        while (_retained >= _totalCapacity)
        {
            var h = 0;
            while (_levels.Size(h) < _levels.Capacity(h))
            {
                h++;
            }

            if (h + 1 == _levels.Count)
            {
                AddLevel();
            }

            _retained -= _levels.Compact(h, FlipCoin());
        }
    }
}
