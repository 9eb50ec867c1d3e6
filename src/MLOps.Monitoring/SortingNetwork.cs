using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Monitoring;

/// <summary>
/// Sorts doubles with a bitonic sorting network in 512-bit vectors, and merges ascending runs with a bitonic merge
/// network (<see cref="Merge"/>): compare-exchange stages without branches, eight lanes at a time, in per-thread
/// buffers aligned to 64 bytes. A sort pads its values with +infinity to a power of two, or, just past a power of two,
/// sorts the head and the padded tail apart and merges them. On the few hundred values of a sketch's level it is
/// several times faster than the runtime's comparison sort or a scalar merge, which mispredict about every other
/// branch on random data. NaN is not allowed (the sketch keeps it out); -0 and +0 compare equal, and a zero may come
/// out with either sign. Short, long or unaccelerated input falls back to the runtime's sort (for merges: the caller's
/// scalar merge).
/// </summary>
internal static class SortingNetwork
{
    /// <summary>The longest input sorted by the network; longer input is sorted by the runtime.</summary>
    public const int MaxLength = 1024;

    /// <summary>The longest merged output the vector merge takes (its buffers are per-thread scratch of this size).</summary>
    public const int MaxMergeLength = 1024;

    private const int Lanes = 8;

    // Lane order that reverses a vector, for the merge network.
    private static readonly Vector512<long> Reversed = Vector512.Create(7L, 6, 5, 4, 3, 2, 1, 0);

    // Which lanes keep the lower of a pair at distance j: UpJ when the vector is sorted ascending, DownJ descending,
    // and KkJj within a vector at k = 2, 4, where the direction alternates lane by lane. Fields rather than arrays:
    // static readonly vectors are constants to the optimizing JIT, array elements are loads.
    private static readonly Vector512<double> Up1 = Mask(l => (l & 1) == 0);
    private static readonly Vector512<double> Up2 = Mask(l => (l & 2) == 0);
    private static readonly Vector512<double> Up4 = Mask(l => (l & 4) == 0);
    private static readonly Vector512<double> Down1 = Mask(l => (l & 1) != 0);
    private static readonly Vector512<double> Down2 = Mask(l => (l & 2) != 0);
    private static readonly Vector512<double> Down4 = Mask(l => (l & 4) != 0);
    private static readonly Vector512<double> K2J1 = Mask(l => ((l & 1) == 0) == ((l & 2) == 0));
    private static readonly Vector512<double> K4J2 = Mask(l => ((l & 2) == 0) == ((l & 4) == 0));
    private static readonly Vector512<double> K4J1 = Mask(l => ((l & 1) == 0) == ((l & 4) == 0));

    /// <summary>Sorts the values in ascending order.</summary>
    public static void Sort(Span<double> values)
    {
        if (values.Length < 16 || values.Length > MaxLength || !Vector512.IsHardwareAccelerated)
        {
            values.Sort();
            return;
        }

        var padded = (int)BitOperations.RoundUpToPowerOf2((uint)values.Length);
        var head = padded / 2;
        var tail = values.Length - head;
        if (tail <= head / 2)
        {
            // Just past a power of two, most of the padding would be sorted for nothing: the head (a power of two)
            // and the tail (padded to its own) are sorted apart, then merged.
            var tailPadded = Math.Max(Lanes, (int)BitOperations.RoundUpToPowerOf2((uint)tail));
            var parts = Scratch(0, head + tailPadded);
            values.CopyTo(parts);
            parts[values.Length..].Fill(double.PositiveInfinity);
            Bitonic(parts[..head]);
            Bitonic(parts[head..]);
            Merge(parts[..head], parts[head..], parts);
            parts[..values.Length].CopyTo(values);
            return;
        }

        var buffer = Scratch(0, padded);
        values.CopyTo(buffer);
        buffer[values.Length..].Fill(double.PositiveInfinity);
        Bitonic(buffer);
        buffer[..values.Length].CopyTo(values);
    }

    private static void Bitonic(Span<double> items)
    {
        ref var origin = ref MemoryMarshal.GetReference(items);
        var vectors = items.Length / Lanes;

        // k = 2, 4, 8: each vector sorted on its own, ascending and descending in turn.
        for (var v = 0; v < vectors; v++)
        {
            var x = Vector512.LoadUnsafe(ref origin, (nuint)(v * Lanes));
            x = Step(x, 1, K2J1);
            x = Step(x, 2, K4J2);
            x = Step(x, 1, K4J1);
            var ascending = (v & 1) == 0;
            x = Step(x, 4, ascending ? Up4 : Down4);
            x = Step(x, 2, ascending ? Up2 : Down2);
            x = Step(x, 1, ascending ? Up1 : Down1);
            x.StoreUnsafe(ref origin, (nuint)(v * Lanes));
        }

        for (var k = 16; k <= items.Length; k <<= 1)
        {
            for (var j = k >> 1; j >= Lanes; j >>= 1)
            {
                // Pairs (v, v + distance) in blocks of 2·distance vectors; a block lies within one k-run, so its
                // direction is fixed and the inner loop has no branch on the data or on the lane index.
                var distance = j / Lanes;
                for (var block = 0; block < vectors; block += 2 * distance)
                {
                    var ascending = (block * Lanes & k) == 0;
                    for (var v = block; v < block + distance; v++)
                    {
                        var x = Vector512.LoadUnsafe(ref origin, (nuint)(v * Lanes));
                        var y = Vector512.LoadUnsafe(ref origin, (nuint)((v + distance) * Lanes));
                        var low = Vector512.MinNative(x, y);
                        var high = Vector512.MaxNative(x, y);
                        (ascending ? low : high).StoreUnsafe(ref origin, (nuint)(v * Lanes));
                        (ascending ? high : low).StoreUnsafe(ref origin, (nuint)((v + distance) * Lanes));
                    }
                }
            }

            for (var v = 0; v < vectors; v++)
            {
                var x = Vector512.LoadUnsafe(ref origin, (nuint)(v * Lanes));
                var ascending = (v * Lanes & k) == 0;
                x = Step(x, 4, ascending ? Up4 : Down4);
                x = Step(x, 2, ascending ? Up2 : Down2);
                x = Step(x, 1, ascending ? Up1 : Down1);
                x.StoreUnsafe(ref origin, (nuint)(v * Lanes));
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Merge"/> takes runs of these lengths: each at least one vector, together at most
    /// <see cref="MaxMergeLength"/>, and 512-bit vectors accelerated.
    /// </summary>
    public static bool CanMerge(int first, int second) =>
        first >= Lanes && second >= Lanes && first + second <= MaxMergeLength && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Merges two ascending runs (no NaN; see <see cref="CanMerge"/>) into <paramref name="destination"/>, which may
    /// overlap either run: eight values at a time through a bitonic merge network, always taking the next vector from
    /// the run whose head is smaller. -0 and +0 compare equal and may come out as +0.
    /// </summary>
    public static void Merge(ReadOnlySpan<double> first, ReadOnlySpan<double> second, Span<double> destination)
    {
        var length = first.Length + second.Length;
        var firstEnd = RoundUp(first.Length);
        var secondEnd = RoundUp(second.Length);
        var a = Scratch(1, firstEnd);
        var b = Scratch(2, secondEnd);
        var merged = Scratch(3, firstEnd + secondEnd);
        first.CopyTo(a);
        a[first.Length..].Fill(double.PositiveInfinity);
        second.CopyTo(b);
        b[second.Length..].Fill(double.PositiveInfinity);

        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        ref var output = ref MemoryMarshal.GetReference(merged);
        var (low, high) = Merge16(Vector512.LoadUnsafe(ref x), Vector512.LoadUnsafe(ref y));
        low.StoreUnsafe(ref output);
        nuint i = Lanes, j = Lanes, o = Lanes;
        for (var remaining = ((firstEnd + secondEnd) / Lanes) - 2; remaining > 0; remaining--)
        {
            // The run whose next head is smaller goes next; an exhausted run never does.
            var fromFirst = j >= (nuint)secondEnd || (i < (nuint)firstEnd && Unsafe.Add(ref x, i) <= Unsafe.Add(ref y, j));
            var next = fromFirst ? Vector512.LoadUnsafe(ref x, i) : Vector512.LoadUnsafe(ref y, j);
            i += fromFirst ? Lanes : 0u;
            j += fromFirst ? 0u : Lanes;
            (low, high) = Merge16(high, next);
            low.StoreUnsafe(ref output, o);
            o += Lanes;
        }

        high.StoreUnsafe(ref output, o);
        merged[..length].CopyTo(destination);
    }

    // Each thread's four buffers (sort; merge's two runs and its output), carved from one pinned array at 64-byte
    // boundaries: a 512-bit load or store that straddles two cache lines costs about twice one that does not, and
    // stack memory is only 8-byte aligned.
    private const int ScratchSlot = MaxMergeLength + (2 * Lanes);

    [ThreadStatic]
    private static double[]? _scratch;

    [ThreadStatic]
    private static int _scratchStart;

    private static Span<double> Scratch(int slot, int length)
    {
        if (_scratch is null)
        {
            _scratch = GC.AllocateUninitializedArray<double>((4 * ScratchSlot) + Lanes, pinned: true);
            var misaligned = (int)(Marshal.UnsafeAddrOfPinnedArrayElement(_scratch, 0) & 63) / sizeof(double);
            _scratchStart = (Lanes - misaligned) % Lanes;
        }

        return _scratch.AsSpan(_scratchStart + (slot * ScratchSlot), length);
    }

    private static int RoundUp(int length) => (length + Lanes - 1) / Lanes * Lanes;

    // Two ascending vectors into the lowest eight and the highest eight values, each ascending: the first with the
    // second reversed is bitonic, one half-cleaner splits it, and three steps sort each half.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Low, Vector512<double> High) Merge16(Vector512<double> first, Vector512<double> second)
    {
        var reversed = Vector512.Shuffle(second, Reversed);
        var low = Vector512.MinNative(first, reversed);
        var high = Vector512.MaxNative(first, reversed);
        low = Step(Step(Step(low, 4, Up4), 2, Up2), 1, Up1);
        high = Step(Step(Step(high, 4, Up4), 2, Up2), 1, Up1);
        return (low, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Step(Vector512<double> x, int j, Vector512<double> keepLow)
    {
        // Constant lane orders (j is a constant once inlined), which the JIT turns into one permute instruction.
        var partner = j switch
        {
            1 => Vector512.Shuffle(x, Vector512.Create(1L, 0, 3, 2, 5, 4, 7, 6)),
            2 => Vector512.Shuffle(x, Vector512.Create(2L, 3, 0, 1, 6, 7, 4, 5)),
            _ => Vector512.Shuffle(x, Vector512.Create(4L, 5, 6, 7, 0, 1, 2, 3)),
        };
        return Vector512.ConditionalSelect(keepLow, Vector512.MinNative(x, partner), Vector512.MaxNative(x, partner));
    }

    private static Vector512<double> Mask(Func<int, bool> keepLow) =>
        Vector512.Create(Bits(keepLow(0)), Bits(keepLow(1)), Bits(keepLow(2)), Bits(keepLow(3)), Bits(keepLow(4)), Bits(keepLow(5)), Bits(keepLow(6)), Bits(keepLow(7))).AsDouble();

    private static long Bits(bool set) => set ? -1L : 0L;
}
