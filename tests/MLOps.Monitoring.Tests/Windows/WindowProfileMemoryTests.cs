using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Tests.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Monitoring.Tests.Windows;

public class WindowProfileMemoryTests
{
    // The retained-item bound 3k + 8·64 holds for any count below 2^62.
    private static readonly long RetainedBound = (3L * QuantileSketch.DefaultK) + (8 * 64);

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(10_000_000)]
    public void NumericFeatureStaysUnderTheStatedBound(int values)
    {
        var specs = new FeatureSpec[] { new("x", FeatureKind.Numeric) };
        var reference = ProfileFixtures.Reference(specs, [Samples.Normal(new Random(1), 5000)]);
        var window = new WindowProfile(specs, reference, seed: 1);
        var random = new Random(2);
        var maxAllocated = 0;
        for (var i = 0; i < values; i++)
        {
            window.AddNumeric(0, random.NextDouble() * 10);
            if ((i & 1023) == 0)
            {
                maxAllocated = Math.Max(maxAllocated, window.Numeric(0)!.Sketch.AllocatedItemCount);
            }
        }

        var sketch = window.Numeric(0)!.Sketch;
        Assert.Equal(values, window.Count);
        Assert.True(sketch.RetainedCount <= RetainedBound, $"retained {sketch.RetainedCount}");
        Assert.True(window.Serialize().Length <= WindowProfile.MaxNumericFeatureBytes, $"serialized {window.Serialize().Length} bytes");
        Assert.True(maxAllocated <= 4 * RetainedBound, $"allocated {maxAllocated} items");
    }

    [Fact]
    public void MergingManyPartialsStaysUnderTheStatedBound()
    {
        var specs = new FeatureSpec[] { new("x", FeatureKind.Numeric) };
        var merged = new WindowProfile(specs, seed: 1);
        var random = new Random(3);
        for (var part = 0; part < 100; part++)
        {
            var partial = new WindowProfile(specs, seed: part + 2);
            for (var i = 0; i < 20_000; i++)
            {
                partial.AddNumeric(0, random.NextDouble());
            }

            merged.Merge(WindowProfile.Deserialize(partial.Serialize()));
        }

        Assert.Equal(2_000_000, merged.Count);
        Assert.True(merged.Numeric(0)!.Sketch.RetainedCount <= RetainedBound);
        Assert.True(merged.Numeric(0)!.Sketch.AllocatedItemCount <= 4 * RetainedBound);
        Assert.True(merged.Serialize().Length <= WindowProfile.MaxNumericFeatureBytes);
    }

    [Fact]
    public void CategoricalFeatureStaysUnderTheStatedBoundWithEndlessLongCategories()
    {
        var specs = new FeatureSpec[] { new("id", FeatureKind.Categorical) };
        var window = new WindowProfile(specs);
        var padding = new string('x', 500);
        for (var i = 0; i < 200_000; i++)
        {
            window.AddCategorical(0, $"{i}{padding}");
        }

        var counter = window.Categorical(0)!.Counter;
        Assert.Equal(CategoricalCounter.DefaultMaxCategories, counter.Categories.Count);
        Assert.Equal(200_000 - CategoricalCounter.DefaultMaxCategories, counter.OtherCount);
        Assert.All(counter.Categories.Keys, key => Assert.Equal(128, key.Length));
        Assert.True(window.Serialize().Length <= WindowProfile.MaxCategoricalFeatureBytes, $"serialized {window.Serialize().Length} bytes");
    }
}
