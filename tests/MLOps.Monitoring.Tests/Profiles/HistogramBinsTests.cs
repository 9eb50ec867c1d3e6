using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Tests.Profiles;

public class HistogramBinsTests
{
    [Fact]
    public void VectorBinCountsEqualValueByValueBins()
    {
        var random = new Random(5);
        foreach (var edgeCount in new[] { 0, 1, 3, 9, 16, 17, 40 })
        {
            var edges = Enumerable.Range(0, edgeCount).Select(i => i * 0.5 - 3).ToArray();
            var values = Enumerable.Range(0, 1003).Select(i => i % 97 == 0 ? edges.ElementAtOrDefault(i % Math.Max(1, edgeCount)) : random.NextDouble() * 30 - 15).ToArray();
            values[5] = double.PositiveInfinity;
            values[6] = double.NegativeInfinity;
            var expected = new long[edgeCount + 1];
            foreach (var value in values)
            {
                expected[HistogramBins.IndexOf(edges, value)]++;
            }

            var counts = new long[edgeCount + 1];
            HistogramBins.CountInto(counts, edges, values);

            Assert.Equal(expected, counts);
        }
    }

    [Fact]
    public void CountsEqualValueByValueBinsForShortRunsSignedZerosAndEdgesOutOfOrder()
    {
        var random = new Random(9);
        double[][] edgeSets =
        [
            [-1.0, -0.0, 0.5, 2.0],
            [0.0, 1.0, 1.0, 3.0],
            [3.0, 1.0, 2.0],
            [-0.0],
        ];
        foreach (var edges in edgeSets)
        {
            for (var length = 0; length <= 40; length++)
            {
                var values = Enumerable.Range(0, length).Select(i => (i % 5) switch
                {
                    0 => edges[random.Next(edges.Length)],
                    1 => i % 2 == 0 ? 0.0 : -0.0,
                    _ => (random.NextDouble() * 8) - 4,
                }).ToArray();
                var expected = new long[edges.Length + 1];
                foreach (var value in values)
                {
                    expected[HistogramBins.IndexOf(edges, value)]++;
                }

                var counts = new long[edges.Length + 1];
                HistogramBins.CountInto(counts, edges, values);

                Assert.Equal(expected, counts);
            }
        }
    }
}
