namespace MLOps.Monitoring.Tests;

public class QuantileSketchTests
{
    private const int N = 1_000_000;

    public static TheoryData<string> Distributions => ["normal", "exponential", "uniform", "discrete", "ascending"];

    private static double[] Generate(string distribution, Random random) => distribution switch
    {
        "normal" => Samples.Normal(random, N),
        "exponential" => Samples.Exponential(random, N),
        "uniform" => Samples.Uniform(random, N),
        "discrete" => Samples.Discrete(random, N),
        _ => Samples.Ascending(N),
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void RankErrorOverTheWholeCdfStaysWithinTheStatedBound(string distribution)
    {
        var data = Generate(distribution, new Random(42));
        var sketch = Samples.Sketch(data);

        var error = Samples.MaxRankError(sketch, data);

        Assert.True(error <= QuantileSketch.NormalizedRankError(sketch.K), $"{distribution}: max rank error {error}");
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void MergingSketchesOfTwoHalvesMatchesTheUnionWithinTheBound(string distribution)
    {
        var data = Generate(distribution, new Random(7));
        var merged = Samples.Sketch(data.Take(N / 2), seed: 1);
        merged.Merge(Samples.Sketch(data.Skip(N / 2), seed: 2));

        Assert.Equal(N, merged.Count);
        Assert.Equal(data.Min(), merged.Min);
        Assert.Equal(data.Max(), merged.Max);
        Assert.True(Samples.MaxRankError(merged, data) <= QuantileSketch.NormalizedRankError(merged.K));
        Assert.True(merged.RetainedCount < QuantileSketch.MaxRetained(merged.K, merged.Count));
    }

    [Fact]
    public void MergingManySmallSketchesStaysWithinTheBound()
    {
        var data = Samples.Normal(new Random(3), N);
        var merged = new QuantileSketch(seed: 0);
        for (var part = 0; part < 100; part++)
        {
            merged.Merge(Samples.Sketch(data.Skip(part * (N / 100)).Take(N / 100), seed: part + 1));
        }

        Assert.True(Samples.MaxRankError(merged, data) <= QuantileSketch.NormalizedRankError(merged.K));
        Assert.Equal(data.Average(), merged.Mean, 1e-9);
        Assert.Equal(data.Select(x => x * x).Average() - (data.Average() * data.Average()), merged.Variance, 1e-6);
    }

    [Fact]
    public void RetainedItemsStayUnderTheMemoryBoundAfterTenMillionAdds()
    {
        var sketch = new QuantileSketch(seed: 5);
        var random = new Random(5);
        var maxRetained = 0;
        for (var i = 0; i < 10_000_000; i++)
        {
            sketch.Add(random.NextDouble());
            maxRetained = Math.Max(maxRetained, sketch.RetainedCount);
        }

        Assert.True(maxRetained < QuantileSketch.MaxRetained(sketch.K, sketch.Count), $"retained {maxRetained}");
        Assert.True(maxRetained < 4 * sketch.K, $"retained {maxRetained}");
    }

    [Fact]
    public void SerializationRoundTripPreservesTheSketch()
    {
        var sketch = Samples.Sketch(Samples.Exponential(new Random(11), 100_000));
        sketch.Add(double.NaN);

        var copy = QuantileSketch.Deserialize(sketch.Serialize());

        Assert.Equal(sketch.K, copy.K);
        Assert.Equal(sketch.Count, copy.Count);
        Assert.Equal(1, copy.MissingCount);
        Assert.Equal(sketch.Min, copy.Min);
        Assert.Equal(sketch.Max, copy.Max);
        Assert.Equal(sketch.Mean, copy.Mean);
        Assert.Equal(sketch.Variance, copy.Variance);
        Assert.Equal(sketch.RetainedCount, copy.RetainedCount);
        Assert.Equal(sketch.CdfPoints(), copy.CdfPoints());
        Assert.True(sketch.Serialize().Length < 16 * QuantileSketch.MaxRetained(sketch.K, sketch.Count));
    }

    [Fact]
    public void NaNIsCountedAsMissingAndNotAdded()
    {
        var sketch = Samples.Sketch([1.0, double.NaN, 3.0, double.NaN]);

        Assert.Equal(2, sketch.Count);
        Assert.Equal(2, sketch.MissingCount);
        Assert.Equal(1.0, sketch.Min);
        Assert.Equal(3.0, sketch.Max);
    }

    [Fact]
    public void SmallSketchesAreExact()
    {
        var sketch = Samples.Sketch([5.0, 1.0, 3.0, 3.0, 2.0]);

        Assert.Equal(0.2, sketch.Rank(1.0));
        Assert.Equal(0.8, sketch.Rank(3.0));
        Assert.Equal(0.0, sketch.Rank(0.5));
        Assert.Equal(1.0, sketch.Quantile(0.0));
        Assert.Equal(3.0, sketch.Quantile(0.5));
        Assert.Equal(5.0, sketch.Quantile(1.0));
        Assert.Equal([new(1, 0.2), new(2, 0.4), new(3, 0.8), new(5, 1.0)], sketch.CdfPoints());
    }

    [Fact]
    public void QuantilesOfALargeSketchAreWithinTheRankError()
    {
        var data = Samples.Uniform(new Random(9), N);
        var sketch = Samples.Sketch(data);
        var sorted = data.Order().ToArray();
        var epsilon = QuantileSketch.NormalizedRankError(sketch.K);

        foreach (var q in new[] { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 })
        {
            var value = sketch.Quantile(q);
            var exactRank = (double)sorted.Count(x => x <= value) / N;
            Assert.True(Math.Abs(exactRank - q) <= epsilon, $"q={q}: exact rank {exactRank}");
        }
    }

    [Fact]
    public void MergingSketchesWithDifferentKIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new QuantileSketch(100).Merge(new QuantileSketch(200)));
        Assert.Contains("VALIDATION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddManyHasExactlyTheEffectOfAddingOneAtATime()
    {
        var random = new Random(11);
        var many = new QuantileSketch(seed: 5);
        var one = new QuantileSketch(seed: 5);
        for (var run = 0; run < 2000; run++)
        {
            var values = new double[1 + random.Next(run % 10 == 0 ? 900 : 40)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = run % 97 == 0 && i == 3 ? double.NaN : (random.NextDouble() * 100) - 30;
            }

            many.AddMany(values);
            foreach (var value in values)
            {
                one.Add(value);
            }
        }

        Assert.Equal(one.Serialize(), many.Serialize());
        Assert.Equal(one.Count, many.Count);
        Assert.True(many.MissingCount > 0);
        Assert.True(many.LevelCount > 5);
    }

    [Fact]
    public void FloatValuesAreHeldAsFloatsAndGiveExactlyWhatDoublesWould()
    {
        var random = new Random(23);
        var (floats, doubles) = (new QuantileSketch(seed: 5), DoublesFromTheStart(seed: 5));
        var (otherFloats, otherDoubles) = (new QuantileSketch(seed: 6), DoublesFromTheStart(seed: 6));
        for (var run = 0; run < 3000; run++)
        {
            var values = new double[1 + random.Next(run % 10 == 0 ? 900 : 40)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 100) - 30);
            }

            var (sketch, reference) = run % 3 == 0 ? (otherFloats, otherDoubles) : (floats, doubles);
            sketch.AddMany(values);
            reference.AddMany(values);
        }

        floats.Add(-0f);
        doubles.Add(-0.0);
        floats.Merge(otherFloats);
        doubles.Merge(otherDoubles);

        Assert.False(floats.HoldsDoubles, "a sketch of float values widened to doubles");
        Assert.True(doubles.HoldsDoubles);
        Assert.True(floats.LevelCount > 5);
        AssertSame(doubles, floats);
        Assert.Equal(doubles.Rank(12.5), floats.Rank(12.5));
        Assert.Equal(doubles.Quantile(0.9), floats.Quantile(0.9));
    }

    [Fact]
    public void AValueThatIsNotAFloatWidensTheItemsWithoutChangingWhatTheSketchHolds()
    {
        var random = new Random(29);
        var values = Enumerable.Range(0, 20_000).Select(_ => (double)(float)random.NextDouble()).ToArray();
        var (floats, doubles) = (new QuantileSketch(seed: 7), DoublesFromTheStart(seed: 7));
        floats.AddMany(values);
        doubles.AddMany(values);
        Assert.False(floats.HoldsDoubles);

        // 0.1 and 1e300 are not floats; adding either, one at a time or in a run, widens.
        floats.Add(0.1);
        doubles.Add(0.1);
        Assert.True(floats.HoldsDoubles);
        floats.AddMany([0.5, 1e300, 0.25]);
        doubles.AddMany([0.5, 1e300, 0.25]);
        Assert.Equal(doubles.Serialize(), floats.Serialize());
        Assert.Equal(8, floats.Serialize()[53]);

        // A float sketch merged into a double one, and a double one into a float one (which widens), lose nothing.
        var (intoDoubles, intoFloats) = (DoublesFromTheStart(seed: 8), new QuantileSketch(seed: 8));
        var (floatPart, doublePart) = (new QuantileSketch(seed: 9), DoublesFromTheStart(seed: 9));
        floatPart.AddMany(values.AsSpan(0, 5_000));
        doublePart.AddMany(values.AsSpan(0, 5_000));
        intoDoubles.Merge(floatPart);
        intoFloats.Merge(doublePart);
        Assert.True(intoFloats.HoldsDoubles);
        Assert.Equal(intoDoubles.Serialize(), intoFloats.Serialize());
        AssertSame(doublePart, floatPart);
    }

    [Fact]
    public void AFloatSketchTravelsAsFloatsAndADoubleSketchAsDoubles()
    {
        var random = new Random(31);
        var values = Enumerable.Range(0, 50_000).Select(_ => (double)(float)((random.NextDouble() * 10) - 5)).ToArray();
        var (floats, doubles) = (new QuantileSketch(seed: 2), DoublesFromTheStart(seed: 2));
        floats.AddMany(values);
        doubles.AddMany(values);

        var (floatBytes, doubleBytes) = (floats.Serialize(), doubles.Serialize());
        var (floatCopy, doubleCopy) = (QuantileSketch.Deserialize(floatBytes, seed: 4), QuantileSketch.Deserialize(doubleBytes, seed: 4));

        Assert.False(floatCopy.HoldsDoubles);
        Assert.True(doubleCopy.HoldsDoubles);
        Assert.Equal(58 + (4 * (long)floats.RetainedCount) + (4 * floats.LevelCount), floatBytes.Length);
        Assert.Equal(58 + (8 * (long)doubles.RetainedCount) + (4 * doubles.LevelCount), doubleBytes.Length);
        Assert.Equal(doubles.CdfPoints(), floatCopy.CdfPoints());
        Assert.Equal(doubles.CdfPoints(), doubleCopy.CdfPoints());
        Assert.Equal(floatBytes, floatCopy.Serialize());

        // Copies go on compacting and merging alike, whichever width they travelled in.
        floatCopy.AddMany(values);
        doubleCopy.AddMany(values);
        Assert.Equal(doubleCopy.CdfPoints(), floatCopy.CdfPoints());
    }

    [Fact]
    public void TheFirstFormatWhichAlwaysHeldDoublesIsStillRead()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write((byte)1);
            writer.Write(200);
            writer.Write(3L);
            writer.Write(1L);
            writer.Write(-1.5);
            writer.Write(0.1);
            writer.Write(-0.3);
            writer.Write(2.24);
            writer.Write(1);
            writer.Write(3);
            foreach (var item in new[] { 0.1, -1.5, 0.5 })
            {
                writer.Write(item);
            }
        }

        var sketch = QuantileSketch.Deserialize(stream.ToArray());

        Assert.True(sketch.HoldsDoubles);
        Assert.Equal((3L, 1L, -1.5, 0.1), (sketch.Count, sketch.MissingCount, sketch.Min, sketch.Max));
        Assert.Equal(-0.3, sketch.Mean, 12);
        Assert.Equal([new CdfPoint(-1.5, 1 / 3.0), new CdfPoint(0.1, 2 / 3.0), new CdfPoint(0.5, 1.0)], sketch.CdfPoints());
    }

    [Fact]
    public void ItemsOfAnUnknownWidthOrNaNItemsAreRefused()
    {
        var sketch = new QuantileSketch();
        sketch.AddMany([1f, 2f, 3f]);
        var bytes = sketch.Serialize();

        // The width byte follows the version, k, two counts and four doubles.
        const int widthAt = 1 + 4 + 8 + 8 + (4 * 8);
        Assert.Equal(4, bytes[widthAt]);
        var wide = (byte[])bytes.Clone();
        wide[widthAt] = 2;
        Assert.Contains("2 bytes wide", Assert.Throws<InvalidDataException>(() => QuantileSketch.Deserialize(wide)).Message, StringComparison.Ordinal);

        var nan = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(nan.AsSpan(nan.Length - 4), float.NaN);
        Assert.Contains("NaN", Assert.Throws<InvalidDataException>(() => QuantileSketch.Deserialize(nan)).Message, StringComparison.Ordinal);
    }

    // Two sketches of different widths hold the same: the same moments, extremes, levels and step CDF.
    private static void AssertSame(QuantileSketch expected, QuantileSketch actual)
    {
        Assert.Equal((expected.Count, expected.MissingCount, expected.Min, expected.Max), (actual.Count, actual.MissingCount, actual.Min, actual.Max));
        Assert.Equal((expected.Mean, expected.Variance), (actual.Mean, actual.Variance));
        Assert.Equal((expected.LevelCount, expected.RetainedCount), (actual.LevelCount, actual.RetainedCount));
        Assert.Equal(expected.CdfPoints(), actual.CdfPoints());
    }

    private static QuantileSketch DoublesFromTheStart(int seed)
    {
        var sketch = QuantileSketch.WithDoubleItems(seed: seed);
        Assert.True(sketch.HoldsDoubles);
        return sketch;
    }
}
