using MLOps.Monitoring.Datasets;

namespace MLOps.Monitoring.Tests.Datasets;

public class TabularDatasetTests
{
    [Fact]
    public void ColumnsAreFoundByNameAndReadWithoutCopying()
    {
        double[] numbers = [1, double.NaN];
        var dataset = new TabularDataset([DatasetColumn.FromNumbers("x", numbers), DatasetColumn.FromStrings("y", ["a", null])]);

        Assert.Equal(2, dataset.RowCount);
        Assert.Equal(1, dataset.GetColumn("x").MissingCount);
        Assert.True(dataset.TryGetColumn("y", out var y));
        Assert.Equal(1, y.MissingCount);
        Assert.False(dataset.TryGetColumn("Y", out _));
        Assert.Throws<KeyNotFoundException>(() => dataset.GetColumn("z"));
        Assert.True(dataset.GetColumn("x").Numbers == numbers.AsSpan());
    }

    [Fact]
    public void ReadingTheWrongKindOfValuesThrows()
    {
        var column = DatasetColumn.FromStrings("s", ["a"]);

        Assert.Throws<InvalidOperationException>(() => column.Numbers.Length);
    }

    [Fact]
    public void RepeatedNamesAndUnequalLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new TabularDataset([]));
        Assert.Throws<ArgumentException>(() => new TabularDataset([DatasetColumn.FromNumbers("a", [1]), DatasetColumn.FromNumbers("a", [2])]));
        Assert.Throws<ArgumentException>(() => new TabularDataset([DatasetColumn.FromNumbers("a", [1]), DatasetColumn.FromNumbers("b", [1, 2])]));
    }

    [Fact]
    public void LimitsMustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetLimits { MaxRows = 0 });
}
