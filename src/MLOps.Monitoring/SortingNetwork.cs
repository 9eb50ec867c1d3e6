using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Monitoring;

/// <summary>
/// Sorts doubles or floats with a bitonic sorting network in 512-bit vectors, and merges ascending runs with a bitonic
/// merge network (<see cref="Merge"/>): compare-exchange stages without branches, eight doubles or sixteen floats at a
/// time, in per-thread buffers aligned to 64 bytes. A sort pads its values with +infinity to a power of two, or, just
/// past a power of two, sorts the head and the padded tail apart and merges them. On the few hundred values of a
/// sketch's level it is several times faster than the runtime's comparison sort or a scalar merge, which mispredict
/// about every other branch on random data. NaN is not allowed (the sketch keeps it out); -0 and +0 compare equal,
/// and a zero may come out with either sign. Short, long or unaccelerated input falls back to the runtime's sort (for
/// merges: the caller's scalar merge).
/// </summary>
internal static class SortingNetwork
{
    /// <summary>The longest input sorted by the network; longer input is sorted by the runtime.</summary>
    public const int MaxLength = 1024;

    /// <summary>The longest merged output the vector merge takes (its buffers are per-thread scratch of this size).</summary>
    public const int MaxMergeLength = 1024;

    // The shortest input either network takes: shorter sorts and merges are cheaper with scalar code.
    private const int MinLength = 16;
    private const int MinRun = 8;

    /// <summary>Sorts the values in ascending order.</summary>
    public static void Sort<T>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.Length < MinLength || values.Length > MaxLength || !Vector512.IsHardwareAccelerated)
        {
            values.Sort();
            return;
        }

        var lanes = Vector512<T>.Count;
        var padded = Math.Max(lanes, (int)BitOperations.RoundUpToPowerOf2((uint)values.Length));
        var head = padded / 2;
        var tail = values.Length - head;
        if (head >= lanes && tail <= head / 2)
        {
            // Just past a power of two, most of the padding would be sorted for nothing: the head (a power of two)
            // and the tail (padded to its own) are sorted apart, then merged.
            var tailPadded = Math.Max(lanes, (int)BitOperations.RoundUpToPowerOf2((uint)tail));
            var parts = Scratch<T>.Slot(0, head + tailPadded);
            values.CopyTo(parts);
            parts[values.Length..].Fill(T.PositiveInfinity);
            Bitonic(parts[..head]);
            Bitonic(parts[head..]);
            Merge<T>(parts[..head], parts[head..], parts);
            parts[..values.Length].CopyTo(values);
            return;
        }

        var buffer = Scratch<T>.Slot(0, padded);
        values.CopyTo(buffer);
        buffer[values.Length..].Fill(T.PositiveInfinity);
        Bitonic(buffer);
        buffer[..values.Length].CopyTo(values);
    }

    private static void Bitonic<T>(Span<T> items)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var origin = ref MemoryMarshal.GetReference(items);
        var lanes = Vector512<T>.Count;
        var vectors = items.Length / lanes;

        // k = 2 … lanes: each vector sorted on its own, ascending and descending in turn.
        for (var v = 0; v < vectors; v++)
        {
            var x = Vector512.LoadUnsafe(ref origin, (nuint)(v * lanes));
            x = Step(x, 1, Masks<T>.K2J1);
            x = Step(x, 2, Masks<T>.K4J2);
            x = Step(x, 1, Masks<T>.K4J1);
            if (lanes == 16)
            {
                x = Step(x, 4, Masks<T>.K8J4);
                x = Step(x, 2, Masks<T>.K8J2);
                x = Step(x, 1, Masks<T>.K8J1);
            }

            x = Within(x, (v & 1) == 0);
            x.StoreUnsafe(ref origin, (nuint)(v * lanes));
        }

        for (var k = 2 * lanes; k <= items.Length; k <<= 1)
        {
            for (var j = k >> 1; j >= lanes; j >>= 1)
            {
                // Pairs (v, v + distance) in blocks of 2·distance vectors; a block lies within one k-run, so its
                // direction is fixed and the inner loop has no branch on the data or on the lane index.
                var distance = j / lanes;
                for (var block = 0; block < vectors; block += 2 * distance)
                {
                    var ascending = (block * lanes & k) == 0;
                    for (var v = block; v < block + distance; v++)
                    {
                        var x = Vector512.LoadUnsafe(ref origin, (nuint)(v * lanes));
                        var y = Vector512.LoadUnsafe(ref origin, (nuint)((v + distance) * lanes));
                        var low = Vector512.MinNative(x, y);
                        var high = Vector512.MaxNative(x, y);
                        (ascending ? low : high).StoreUnsafe(ref origin, (nuint)(v * lanes));
                        (ascending ? high : low).StoreUnsafe(ref origin, (nuint)((v + distance) * lanes));
                    }
                }
            }

            for (var v = 0; v < vectors; v++)
            {
                var x = Vector512.LoadUnsafe(ref origin, (nuint)(v * lanes));
                x = Within(x, (v * lanes & k) == 0);
                x.StoreUnsafe(ref origin, (nuint)(v * lanes));
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Merge"/> takes runs of these lengths: each at least eight values, together at most
    /// <see cref="MaxMergeLength"/>, and 512-bit vectors accelerated.
    /// </summary>
    public static bool CanMerge(int first, int second) =>
        first >= MinRun && second >= MinRun && first + second <= MaxMergeLength && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Merges two ascending runs (no NaN; see <see cref="CanMerge"/>) into <paramref name="destination"/>, which may
    /// overlap either run: a vector at a time through a bitonic merge network, always taking the next vector from
    /// the run whose head is smaller. -0 and +0 compare equal and may come out as +0.
    /// </summary>
    public static void Merge<T>(ReadOnlySpan<T> first, ReadOnlySpan<T> second, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lanes = Vector512<T>.Count;
        var length = first.Length + second.Length;
        var firstEnd = RoundUp(first.Length, lanes);
        var secondEnd = RoundUp(second.Length, lanes);
        var a = Scratch<T>.Slot(1, firstEnd);
        var b = Scratch<T>.Slot(2, secondEnd);
        var merged = Scratch<T>.Slot(3, firstEnd + secondEnd);
        first.CopyTo(a);
        a[first.Length..].Fill(T.PositiveInfinity);
        second.CopyTo(b);
        b[second.Length..].Fill(T.PositiveInfinity);

        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        ref var output = ref MemoryMarshal.GetReference(merged);
        var (low, high) = MergeVectors(Vector512.LoadUnsafe(ref x), Vector512.LoadUnsafe(ref y));
        low.StoreUnsafe(ref output);
        var step = (nuint)lanes;
        nuint i = step, j = step, o = step;
        for (var remaining = ((firstEnd + secondEnd) / lanes) - 2; remaining > 0; remaining--)
        {
            // The run whose next head is smaller goes next; an exhausted run never does.
            var fromFirst = j >= (nuint)secondEnd || (i < (nuint)firstEnd && Unsafe.Add(ref x, i) <= Unsafe.Add(ref y, j));
            var next = fromFirst ? Vector512.LoadUnsafe(ref x, i) : Vector512.LoadUnsafe(ref y, j);
            i += fromFirst ? step : 0u;
            j += fromFirst ? 0u : step;
            (low, high) = MergeVectors(high, next);
            low.StoreUnsafe(ref output, o);
            o += step;
        }

        high.StoreUnsafe(ref output, o);
        merged[..length].CopyTo(destination);
    }

    private static int RoundUp(int length, int lanes) => (length + lanes - 1) / lanes * lanes;

    // Sorts a bitonic vector ascending or descending: half-cleaners at distances lanes/2 … 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Within<T>(Vector512<T> x, bool ascending)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512<T>.Count == 16)
        {
            x = Step(x, 8, ascending ? Masks<T>.Up8 : Masks<T>.Down8);
        }

        x = Step(x, 4, ascending ? Masks<T>.Up4 : Masks<T>.Down4);
        x = Step(x, 2, ascending ? Masks<T>.Up2 : Masks<T>.Down2);
        return Step(x, 1, ascending ? Masks<T>.Up1 : Masks<T>.Down1);
    }

    // Two ascending vectors into the lowest and the highest half of their values, each ascending: the first with the
    // second reversed is bitonic, one half-cleaner splits it, and the steps within a vector sort each half.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<T> Low, Vector512<T> High) MergeVectors<T>(Vector512<T> first, Vector512<T> second)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reversed = Reverse(second);
        return (Within(Vector512.MinNative(first, reversed), ascending: true), Within(Vector512.MaxNative(first, reversed), ascending: true));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Step<T>(Vector512<T> x, int j, Vector512<T> keepLow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var partner = Partner(x, j);
        return Vector512.ConditionalSelect(keepLow, Vector512.MinNative(x, partner), Vector512.MaxNative(x, partner));
    }

    // Lane l with lane l XOR j. Constant lane orders (T and j are constants once inlined), which the JIT turns into
    // one permute instruction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Partner<T>(Vector512<T> x, int j)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            var d = x.As<T, double>();
            return (j switch
            {
                1 => Vector512.Shuffle(d, Vector512.Create(1L, 0, 3, 2, 5, 4, 7, 6)),
                2 => Vector512.Shuffle(d, Vector512.Create(2L, 3, 0, 1, 6, 7, 4, 5)),
                _ => Vector512.Shuffle(d, Vector512.Create(4L, 5, 6, 7, 0, 1, 2, 3)),
            }).As<double, T>();
        }

        var f = x.As<T, float>();
        return (j switch
        {
            1 => Vector512.Shuffle(f, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)),
            2 => Vector512.Shuffle(f, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)),
            4 => Vector512.Shuffle(f, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11)),
            _ => Vector512.Shuffle(f, Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)),
        }).As<float, T>();
    }

    // The lane order that reverses a vector, for the merge network.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Reverse<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.Shuffle(x.As<T, double>(), Vector512.Create(7L, 6, 5, 4, 3, 2, 1, 0)).As<double, T>();
        }

        return Vector512.Shuffle(x.As<T, float>(), Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)).As<float, T>();
    }

    /// <summary>
    /// Which lanes keep the lower of a pair at distance j: UpJ when the vector is sorted ascending, DownJ descending,
    /// and KkJj within a vector at k below the lane count, where the direction alternates every k lanes. Fields rather
    /// than arrays: static readonly vectors are constants to the optimizing JIT, array elements are loads.
    /// </summary>
    private static class Masks<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly Vector512<T> Up1 = Mask(l => (l & 1) == 0);
        public static readonly Vector512<T> Up2 = Mask(l => (l & 2) == 0);
        public static readonly Vector512<T> Up4 = Mask(l => (l & 4) == 0);
        public static readonly Vector512<T> Up8 = Mask(l => (l & 8) == 0);
        public static readonly Vector512<T> Down1 = Mask(l => (l & 1) != 0);
        public static readonly Vector512<T> Down2 = Mask(l => (l & 2) != 0);
        public static readonly Vector512<T> Down4 = Mask(l => (l & 4) != 0);
        public static readonly Vector512<T> Down8 = Mask(l => (l & 8) != 0);
        public static readonly Vector512<T> K2J1 = Within(2, 1);
        public static readonly Vector512<T> K4J2 = Within(4, 2);
        public static readonly Vector512<T> K4J1 = Within(4, 1);
        public static readonly Vector512<T> K8J4 = Within(8, 4);
        public static readonly Vector512<T> K8J2 = Within(8, 2);
        public static readonly Vector512<T> K8J1 = Within(8, 1);

        private static Vector512<T> Within(int k, int j) => Mask(l => ((l & j) == 0) == ((l & k) == 0));

        private static Vector512<T> Mask(Func<int, bool> keepLow)
        {
            Span<T> lanes = stackalloc T[Vector512<T>.Count];
            var set = Vector512<T>.AllBitsSet.ToScalar();
            for (var l = 0; l < lanes.Length; l++)
            {
                lanes[l] = keepLow(l) ? set : default;
            }

            return Vector512.Create((ReadOnlySpan<T>)lanes);
        }
    }

    /// <summary>
    /// Each thread's four buffers (sort; merge's two runs and its output), carved from one pinned array at 64-byte
    /// boundaries: a 512-bit load or store that straddles two cache lines costs about twice one that does not, and
    /// stack memory is only 8-byte aligned.
    /// </summary>
    private static class Scratch<T>
        where T : unmanaged
    {
        private static readonly int SlotLength = MaxMergeLength + (2 * Vector512<T>.Count);

        [ThreadStatic]
        private static T[]? _buffer;

        [ThreadStatic]
        private static int _start;

        public static Span<T> Slot(int slot, int length)
        {
            if (_buffer is null)
            {
                var lanes = Vector512<T>.Count;
                _buffer = GC.AllocateUninitializedArray<T>((4 * SlotLength) + lanes, pinned: true);
                var misaligned = (int)(Marshal.UnsafeAddrOfPinnedArrayElement(_buffer, 0) & 63) / Unsafe.SizeOf<T>();
                _start = (lanes - misaligned) % lanes;
            }

            return _buffer.AsSpan(_start + (slot * SlotLength), length);
        }
    }
}
