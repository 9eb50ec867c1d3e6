namespace MLOps.Monitoring.Tests;

public class CategoricalCounterTests
{
    [Fact]
    public void CategoriesBeyondTheBoundGoToTheOtherBucket()
    {
        var counter = new CategoricalCounter(maxCategories: 2);
        foreach (var value in new[] { "a", "b", "a", "c", "d", "b", "c" })
        {
            counter.Add(value);
        }

        counter.Add(null);

        Assert.Equal(7, counter.Count);
        Assert.Equal(3, counter.OtherCount);
        Assert.Equal(1, counter.MissingCount);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 2, ["b"] = 2, [CategoricalCounter.OtherCategory] = 3 }, counter.ToFrequencies());
    }

    [Fact]
    public void MergeIsExactWhileUnderTheBound()
    {
        var left = new CategoricalCounter();
        var right = new CategoricalCounter();
        left.Add("x", 3);
        left.Add("y");
        right.Add("y", 4);
        right.Add("z", 2);
        right.Add(null, 5);

        left.Merge(right);

        Assert.Equal(new Dictionary<string, long> { ["x"] = 3, ["y"] = 5, ["z"] = 2 }, left.ToFrequencies());
        Assert.Equal(10, left.Count);
        Assert.Equal(5, left.MissingCount);
    }

    [Fact]
    public void MergeKeepsTheBoundAndTheTotal()
    {
        var left = new CategoricalCounter(maxCategories: 2);
        var right = new CategoricalCounter(maxCategories: 3);
        left.Add("a", 10);
        right.Add("b", 1);
        right.Add("c", 7);
        right.Add("d", 2);

        left.Merge(right);

        Assert.Equal(2, left.Categories.Count);
        Assert.Equal(7, left.Categories["c"]);
        Assert.Equal(20, left.Count);
        Assert.Equal(3, left.OtherCount);
    }

    [Fact]
    public void SerializationRoundTripPreservesTheCounts()
    {
        var counter = new CategoricalCounter(maxCategories: 3);
        foreach (var value in new[] { "rouge", "vert", "bleu", "jaune", "vert", "é" })
        {
            counter.Add(value);
        }

        counter.Add(null);

        var copy = CategoricalCounter.Deserialize(counter.Serialize());

        Assert.Equal(counter.MaxCategories, copy.MaxCategories);
        Assert.Equal(counter.Count, copy.Count);
        Assert.Equal(counter.OtherCount, copy.OtherCount);
        Assert.Equal(counter.MissingCount, copy.MissingCount);
        Assert.Equal(counter.ToFrequencies(), copy.ToFrequencies());
    }
}
