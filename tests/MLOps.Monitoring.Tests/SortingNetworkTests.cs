namespace MLOps.Monitoring.Tests;

/// <summary>The vectorised bitonic sort and merge against the runtime's sort, at every length around their thresholds.</summary>
public sealed class SortingNetworkTests
{
    public static TheoryData<string> Distributions() => ["uniform", "few distinct", "float-rounded wide", "infinities", "descending", "ascending"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void EveryLengthUpToPastTheLimitSortsExactlyAsTheRuntimeDoes(string distribution) =>
        SortsEveryLengthAsTheRuntimeDoes(distribution, v => v);

    [Theory]
    [MemberData(nameof(Distributions))]
    public void FloatsOfEveryLengthUpToPastTheLimitSortExactlyAsTheRuntimeDoes(string distribution) =>
        SortsEveryLengthAsTheRuntimeDoes(distribution, v => (float)v);

    [Fact]
    public void ZerosOfBothSignsStayZerosInPlace()
    {
        var values = Enumerable.Range(0, 100).Select(i => i % 4 == 0 ? -0.0 : i % 4 == 1 ? 0.0 : i - 50.5).ToArray();

        SortingNetwork.Sort(values);

        Assert.True(values.Zip(values.Skip(1)).All(pair => pair.First <= pair.Second));
        Assert.Equal(50, values.Count(v => v == 0));
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 4 > 1).Select(i => i - 50.5).Order(), values.Where(v => v != 0));
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void MergingTwoAscendingRunsGivesTheSortedConcatenationAtEveryAcceptedLength(string distribution) =>
        MergesEveryAcceptedLengthAsASortDoes(distribution, v => v);

    [Theory]
    [MemberData(nameof(Distributions))]
    public void MergingTwoAscendingRunsOfFloatsGivesTheSortedConcatenationAtEveryAcceptedLength(string distribution) =>
        MergesEveryAcceptedLengthAsASortDoes(distribution, v => (float)v);

    [Fact]
    public void MergeRefusesShortOrOverlongRuns()
    {
        Assert.False(SortingNetwork.CanMerge(7, 100));
        Assert.False(SortingNetwork.CanMerge(100, 7));
        Assert.False(SortingNetwork.CanMerge(SortingNetwork.MaxMergeLength, 8));
        Assert.True(SortingNetwork.CanMerge(8, 8) == System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated);
    }

    [Fact]
    public void FloatZerosOfBothSignsStayZerosInPlace()
    {
        var values = Enumerable.Range(0, 100).Select(i => i % 4 == 0 ? -0f : i % 4 == 1 ? 0f : i - 50.5f).ToArray();

        SortingNetwork.Sort<float>(values);

        Assert.True(values.Zip(values.Skip(1)).All(pair => pair.First <= pair.Second));
        Assert.Equal(50, values.Count(v => v == 0));
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 4 > 1).Select(i => i - 50.5f).Order(), values.Where(v => v != 0));
    }

    [Fact]
    public void MergedZerosOfBothSignsStayZeros()
    {
        var a = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? -0.0 : 0.0).Concat([1.0, 2.0]).ToArray();
        var b = new[] { -3.0, -0.0, 0.0, 0.0, -0.0, 0.0, 5.0, 6.0, 7.0 };

        var merged = new double[a.Length + b.Length];
        SortingNetwork.Merge(a, b, merged);

        Assert.Equal([-3.0, .. Enumerable.Repeat(0.0, 45), 1.0, 2.0, 5.0, 6.0, 7.0], merged);
    }

    private static void SortsEveryLengthAsTheRuntimeDoes<T>(string distribution, Func<double, T> convert)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(distribution.Length);
        for (var n = 0; n <= SortingNetwork.MaxLength + 40; n++)
        {
            var values = Values(distribution, random, n).Select(convert).ToArray();

            var expected = (T[])values.Clone();
            Array.Sort(expected);

            SortingNetwork.Sort<T>(values);

            Assert.True(expected.AsSpan().SequenceEqual(values), $"{distribution}, {n} {typeof(T).Name} values: sorted differently from Array.Sort.");
        }
    }

    private static void MergesEveryAcceptedLengthAsASortDoes<T>(string distribution, Func<double, T> convert)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(distribution.Length + 100);
        var lengths = Enumerable.Range(8, 40).Concat([63, 64, 65, 100, 255, 256, 257, 500, SortingNetwork.MaxMergeLength - 8]).ToArray();
        foreach (var first in lengths)
        {
            // The network runs (slowly) without 512-bit hardware too, so every length it accepts is checked anywhere.
            foreach (var second in lengths.Where(l => first + l <= SortingNetwork.MaxMergeLength))
            {
                var a = Values(distribution, random, first).Select(convert).Order().ToArray();
                var b = Values(distribution, random, second).Select(convert).Order().ToArray();
                var expected = a.Concat(b).Order().ToArray();

                // The destination overlaps the first run, as when a sketch level merges into itself.
                var destination = new T[first + second];
                a.CopyTo(destination, 0);
                SortingNetwork.Merge<T>(destination.AsSpan(0, first), b, destination);

                Assert.True(expected.AsSpan().SequenceEqual(destination), $"{distribution}, {first} + {second} {typeof(T).Name} values: merged differently from a sort.");
            }
        }
    }

    private static double[] Values(string distribution, Random random, int n) => [.. Enumerable.Range(0, n).Select(i => distribution switch
    {
        "uniform" => (random.NextDouble() * 4) - 1,
        "few distinct" => random.Next(5),
        "float-rounded wide" => (float)((random.NextDouble() * 1e6) - 5e5),
        "infinities" => (i % 3) switch { 0 => double.PositiveInfinity, 1 => double.NegativeInfinity, _ => random.NextDouble() },
        "descending" => n - i,
        _ => (double)i,
    })];
}
