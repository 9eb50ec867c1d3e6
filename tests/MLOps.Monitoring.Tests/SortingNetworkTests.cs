namespace MLOps.Monitoring.Tests;

/// <summary>The vectorised bitonic sort against the runtime's sort, at every length around its thresholds.</summary>
public sealed class SortingNetworkTests
{
    public static TheoryData<string> Distributions() => ["uniform", "few distinct", "float-rounded wide", "infinities", "descending", "ascending"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void EveryLengthUpToPastTheLimitSortsExactlyAsTheRuntimeDoes(string distribution)
    {
        var random = new Random(distribution.Length);
        for (var n = 0; n <= SortingNetwork.MaxLength + 40; n++)
        {
            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = distribution switch
                {
                    "uniform" => (random.NextDouble() * 4) - 1,
                    "few distinct" => random.Next(5),
                    "float-rounded wide" => (float)((random.NextDouble() * 1e6) - 5e5),
                    "infinities" => (i % 3) switch { 0 => double.PositiveInfinity, 1 => double.NegativeInfinity, _ => random.NextDouble() },
                    "descending" => n - i,
                    _ => i,
                };
            }

            var expected = (double[])values.Clone();
            Array.Sort(expected);

            SortingNetwork.Sort(values);

            Assert.True(expected.AsSpan().SequenceEqual(values), $"{distribution}, {n} values: sorted differently from Array.Sort.");
        }
    }

    [Fact]
    public void ZerosOfBothSignsStayZerosInPlace()
    {
        var values = Enumerable.Range(0, 100).Select(i => i % 4 == 0 ? -0.0 : i % 4 == 1 ? 0.0 : i - 50.5).ToArray();

        SortingNetwork.Sort(values);

        Assert.True(values.Zip(values.Skip(1)).All(pair => pair.First <= pair.Second));
        Assert.Equal(50, values.Count(v => v == 0));
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 4 > 1).Select(i => i - 50.5).Order(), values.Where(v => v != 0));
    }
}
