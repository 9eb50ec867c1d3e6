using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Tests.Evaluation;
using MLOps.Monitoring.Tests.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Monitoring.Tests.Windows;

public class WindowProfileTests
{
    private static readonly FeatureSpec[] Specs = [new("x", FeatureKind.Numeric), new("color", FeatureKind.Categorical)];

    private static ReferenceProfile Reference() =>
        ProfileFixtures.Reference(Specs, [Samples.Normal(new Random(1), 5000), ProfileFixtures.Categories(new Random(2), 5000, ("red", 2), ("blue", 1))]);

    [Fact]
    public void QualityCountsEqualDirectCounts()
    {
        var reference = Reference();
        var random = new Random(3);
        var x = Samples.Normal(random, 4000, mean: 0.5, sd: 1.5);
        x[10] = x[20] = double.NaN;
        x[30] = double.NegativeInfinity;
        for (var i = 100; i < 117; i++)
        {
            x[i] = 0.25;
        }

        var color = ProfileFixtures.Categories(random, 4000, ("red", 3), ("blue", 1), ("green", 1), (null, 0.2));
        var window = ProfileFixtures.Window(reference, [x, color]);
        window.AddMissing(0);

        var quality = WindowEvaluator.Evaluate(reference, window).Quality;

        var finite = ExactStatistics.Finite(x);
        var (min, max) = (reference.Features[0].Min, reference.Features[0].Max);
        Assert.Equal(4001, window.Count);
        Assert.Equal(new FeatureQuality("x", finite.Length, 1.0 / 4001, 3.0 / 4001, (double)finite.Count(v => v < min || v > max) / finite.Length, 0, 17, false), quality[0]);
        var named = color.Count(c => c is not null);
        Assert.Equal((double)color.Count(c => c is null) / 4000, quality[1].MissingRate);
        Assert.Equal((double)color.Count(c => c == "green") / named, quality[1].UnseenCategoryShare);
        Assert.Equal(named, quality[1].Count);
        Assert.Equal(ExactStatistics.BinCounts(x, ExactStatistics.Edges(Samples.Normal(new Random(1), 5000))), window.Numeric(0)!.Bins.Select(b => (double)b));
    }

    [Fact]
    public void RowMajorBlocksOfEveryTypeMatchValueByValueAdds()
    {
        var specs = new FeatureSpec[] { new("a", FeatureKind.Numeric), new("b", FeatureKind.Numeric), new("class", FeatureKind.Categorical, FeatureRole.Prediction) };
        var reference = ProfileFixtures.Reference(specs, [Samples.Uniform(new Random(4), 2000), Samples.Normal(new Random(5), 2000), new[] { "0", "1", "2" }.SelectMany(c => Enumerable.Repeat<string?>(c, 10)).ToArray()]);
        var random = new Random(6);
        var rows = 3000;
        var block = Enumerable.Range(0, rows * 3).Select(i => i % 3 == 2 ? random.Next(4) : random.Next(-50, 50)).ToArray();

        var fromInts = new WindowProfile(specs, reference, seed: 1);
        fromInts.AddRowMajor(block, 3, 0);
        var fromLongs = new WindowProfile(specs, reference, seed: 1);
        fromLongs.AddRowMajor(block.Select(v => (long)v).ToArray(), 3, 0);
        var fromFloats = new WindowProfile(specs, reference, seed: 1);
        fromFloats.AddRowMajor(block.Select(v => (float)v).ToArray(), 3, 0);
        var fromDoubles = new WindowProfile(specs, reference, seed: 1);
        fromDoubles.AddRowMajor(block.Select(v => (double)v).ToArray(), 2, 0);
        var oneByOne = new WindowProfile(specs, reference, seed: 1);
        for (var i = 0; i < block.Length; i++)
        {
            oneByOne.AddNumeric(i % 3, block[i]);
        }

        var expected = oneByOne.Serialize();
        Assert.Equal(expected, fromInts.Serialize());
        Assert.Equal(expected, fromLongs.Serialize());
        Assert.Equal(expected, fromFloats.Serialize());
        Assert.Equal(rows * 3 / 2, fromDoubles.Count);
        Assert.Equal(rows, oneByOne.Count);
        Assert.Equal(block.Where((_, i) => i % 3 == 2).Count(v => v == 3), oneByOne.Categorical(2)!.UnseenCount);
        Assert.Equal(4, oneByOne.Categorical(2)!.Counter.Categories.Count);
    }

    [Fact]
    public void StagedNumericRowsMatchValueByValueAddsExactly()
    {
        // 300 input columns (a stage of 27 rows) and 2 output columns, added as single rows, as blocks that straddle
        // the stage's end and with reads in between, against the same values added one at a time in row order.
        var specs = Enumerable.Range(0, 302).Select(i => new FeatureSpec("f" + i, FeatureKind.Numeric, i < 300 ? FeatureRole.Input : FeatureRole.Prediction)).ToArray();
        var reference = ProfileFixtures.Reference(specs, [.. Enumerable.Range(0, 302).Select(i => Samples.Normal(new Random(i), 500))]);
        var random = new Random(7);
        var staged = new WindowProfile(specs, reference, seed: 3);
        var oneByOne = new WindowProfile(specs, reference, seed: 3);
        var rowsAdded = 0;
        for (var request = 0; request < 400; request++)
        {
            var rows = request % 7 == 0 ? 1 + random.Next(60) : 1;
            var inputs = new float[rows * 300];
            var outputs = new double[rows * 2];
            for (var i = 0; i < inputs.Length; i++)
            {
                // Repeats make constant streaks; NaN and infinity are counted and kept out of the sketch.
                inputs[i] = i % 300 == 5 ? 1.5f : i % 997 == 0 ? float.NaN : i % 1499 == 0 ? float.PositiveInfinity : (float)(random.NextDouble() * 4 - 2);
            }

            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = random.NextDouble();
            }

            staged.AddRowMajor(inputs, 300, 0);
            staged.AddRowMajor(outputs, 2, 300);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < 300; c++)
                {
                    oneByOne.AddNumeric(c, inputs[(r * 300) + c]);
                }

                oneByOne.AddNumeric(300, outputs[r * 2]);
                oneByOne.AddNumeric(301, outputs[(r * 2) + 1]);
            }

            rowsAdded += rows;
            if (request % 50 == 49)
            {
                Assert.Equal(rowsAdded, staged.Count);
            }
        }

        Assert.Equal(oneByOne.Serialize(), staged.Serialize());
        Assert.Equal(oneByOne.Numeric(5)!.LongestStreak, staged.Numeric(5)!.LongestStreak);
        Assert.True(staged.Numeric(5)!.LongestStreak >= 400);
        Assert.True(staged.Numeric(0)!.NaNCount > 0);
    }

    [Fact]
    public void BlocksOfFloatsDoublesLongsAndIntsIntoTheSameColumnsFoldInArrivalOrder()
    {
        var specs = new FeatureSpec[] { new("a", FeatureKind.Numeric), new("b", FeatureKind.Numeric) };
        var staged = new WindowProfile(specs, seed: 3);
        var oneByOne = new WindowProfile(specs, seed: 3);
        var random = new Random(17);
        for (var block = 0; block < 12; block++)
        {
            // 3,000 rows per block: a stage of 4,096 rows folds in the middle of every other block.
            var values = Enumerable.Range(0, 6000).Select(_ => (random.NextDouble() * 1000) - 500).ToArray();
            switch (block % 4)
            {
                case 3:
                    staged.AddRowMajor(values, 2, 0);
                    break;
                case 2:
                    values = [.. values.Select(v => Math.Round(v))];
                    staged.AddRowMajor([.. values.Select(v => (long)v)], 2, 0);
                    break;
                case 1 when block == 5:
                    values = [.. values.Select(v => Math.Round(v))];
                    staged.AddRowMajor([.. values.Select(v => (int)v)], 2, 0);
                    break;
                default:
                    values = [.. values.Select(v => (double)(float)v)];
                    staged.AddRowMajor([.. values.Select(v => (float)v)], 2, 0);
                    break;
            }

            for (var i = 0; i < values.Length; i++)
            {
                oneByOne.AddNumeric(i % 2, values[i]);
            }
        }

        Assert.Equal(oneByOne.Serialize(), staged.Serialize());
        Assert.Equal(36_000, staged.Count);
    }

    [Fact]
    public void StagedRowsAreFoldedBeforeValueByValueAddsAndMerges()
    {
        var specs = new FeatureSpec[] { new("a", FeatureKind.Numeric), new("b", FeatureKind.Numeric) };
        var staged = new WindowProfile(specs, seed: 1);
        var oneByOne = new WindowProfile(specs, seed: 1);
        staged.AddRowMajor([1f, 2f, 3f, 4f], 2, 0);
        staged.AddNumeric(0, 9);
        staged.AddMissing(1);
        staged.AddRowMajor([5f, 6f], 2, 0);
        foreach (var (feature, value) in new[] { (0, 1.0), (1, 2.0), (0, 3.0), (1, 4.0), (0, 9.0) })
        {
            oneByOne.AddNumeric(feature, value);
        }

        oneByOne.AddMissing(1);
        oneByOne.AddNumeric(0, 5);
        oneByOne.AddNumeric(1, 6);

        var mergedStaged = new WindowProfile(specs, seed: 1);
        mergedStaged.Merge(staged);
        var mergedOneByOne = new WindowProfile(specs, seed: 1);
        mergedOneByOne.Merge(oneByOne);
        Assert.Equal(mergedOneByOne.Serialize(), mergedStaged.Serialize());
        Assert.Equal(oneByOne.Serialize(), staged.Serialize());
        Assert.Equal(4, staged.Count);
    }

    [Fact]
    public void BlocksThatDoNotFitTheFeaturesAreRejected()
    {
        var window = new WindowProfile(Specs);

        Assert.Throws<ArgumentOutOfRangeException>(() => window.AddRowMajor(new float[6], 3, 0));
        Assert.Throws<ArgumentException>(() => window.AddRowMajor(new float[5], 2, 0));
        Assert.Throws<ArgumentException>(() => window.AddCategorical(0, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => window.AddNumeric(2, 1));
    }

    [Fact]
    public void RequestsFailuresAndLatencyAreRecorded()
    {
        var window = new WindowProfile(Specs, seed: 1);
        Assert.True(window.IsEmpty);

        for (var i = 1; i <= 100; i++)
        {
            window.RecordRequests(1, i % 10 == 0 ? 1 : 0, i);
        }

        window.RecordRequests(0, 0, 5);
        var report = WindowEvaluator.Evaluate(Reference(), window);

        Assert.False(window.IsEmpty);
        Assert.Equal(0, window.Count);
        Assert.Equal((100, 10, 0.1), (report.RequestCount, report.FailedRequestCount, report.ErrorRate));
        Assert.Equal((50.0, 95.0, 99.0), (report.LatencyP50!.Value, report.LatencyP95!.Value, report.LatencyP99!.Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => window.RecordRequests(1, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => window.RecordRequests(1, 0, double.NaN));
    }

    [Fact]
    public void ValueFrequenciesAreDroppedAfterThirtyTwoDistinctValues()
    {
        var window = new WindowProfile(Specs);
        for (var i = 0; i < 1000; i++)
        {
            window.AddNumeric(0, i % 32);
        }

        var tracked = window.Numeric(0)!.ValueFrequencies();
        window.AddNumeric(0, 99);

        Assert.Equal(32, tracked!.Count);
        Assert.All(tracked.Values, count => Assert.InRange(count, 31, 32));
        Assert.Null(window.Numeric(0)!.ValueFrequencies());
    }

    [Fact]
    public void SerializationRoundTripGivesTheSameReport()
    {
        var reference = Reference();
        var random = new Random(8);
        var window = ProfileFixtures.Window(reference, [Samples.Normal(random, 30_000, mean: 0.2), ProfileFixtures.Categories(random, 30_000, ("red", 1), ("pink", 1))]);
        window.RecordRequests(30_000, 12, 3.5);

        var copy = WindowProfile.Deserialize(window.Serialize(), reference);
        copy.AddCategorical(1, "pink");
        window.AddCategorical(1, "pink");

        Assert.Equal(WindowEvaluator.Evaluate(reference, window).Drift, WindowEvaluator.Evaluate(reference, copy).Drift);
        Assert.Equal(WindowEvaluator.Evaluate(reference, window).Quality, WindowEvaluator.Evaluate(reference, copy).Quality);
        Assert.Equal(window.Serialize(), copy.Serialize());
    }

    [Fact]
    public void DeserializingGarbageFailsWithInvalidData()
    {
        var window = ProfileFixtures.Window(Reference(), [Samples.Normal(new Random(9), 5000), ProfileFixtures.Categories(new Random(9), 5000, ("red", 1))]);
        var bytes = window.Serialize();
        var noise = new byte[300];
        new Random(10).NextBytes(noise);

        Assert.Throws<InvalidDataException>(() => WindowProfile.Deserialize(noise));
        Assert.Throws<InvalidDataException>(() => WindowProfile.Deserialize(ReferenceFixtureBytes()));
        for (var cut = 0; cut < bytes.Length; cut += 53)
        {
            Assert.Throws<InvalidDataException>(() => WindowProfile.Deserialize(bytes.AsSpan(0, cut)));
        }
    }

    [Fact]
    public void ProfilesBuiltForAnotherReferenceDoNotMerge()
    {
        var other = ProfileFixtures.Reference(Specs, [Samples.Uniform(new Random(11), 5000), new string?[] { "red" }]);
        var window = new WindowProfile(Specs, Reference());
        window.AddNumeric(0, 1.5);

        var error = Assert.Throws<ArgumentException>(() => window.Merge(new WindowProfile(Specs, other)));
        Assert.Contains("different reference", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => window.Merge(new WindowProfile(Specs, Reference(), k: 100)));
    }

    [Fact]
    public void AWindowBinnedForAnotherReferenceSkipsOnlyBinBasedTests()
    {
        var other = ProfileFixtures.Reference(Specs, [Samples.Uniform(new Random(12), 5000), new string?[] { "red" }]);
        var window = ProfileFixtures.Window(Reference(), [Samples.Uniform(new Random(13), 5000), Array.Empty<string?>()]);
        var psi = new DriftOptions { Tests = new Dictionary<string, DriftTestKind> { ["x"] = DriftTestKind.PopulationStability } };

        Assert.False(WindowEvaluator.Evaluate(other, window, psi).Drift[0].Evaluated);
        Assert.Equal((true, false), (WindowEvaluator.Evaluate(other, window).Drift[0].Evaluated, WindowEvaluator.Evaluate(other, window).Drift[0].Drifted));
    }

    [Fact]
    public void LongCategoriesAreTruncatedWithoutSplittingACharacter()
    {
        var window = new WindowProfile(Specs);
        window.AddCategorical(1, new string('a', 127) + "😀 and more");
        window.AddCategorical(1, new string('b', 300));

        var copy = WindowProfile.Deserialize(window.Serialize());

        Assert.Equal([new string('a', 127), new string('b', 128)], copy.Categorical(1)!.Counter.Categories.Keys.Order(StringComparer.Ordinal));
    }

    private static byte[] ReferenceFixtureBytes() => Reference().Serialize();
}
