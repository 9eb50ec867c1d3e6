using System.Text;
using MLOps.Monitoring.Datasets;
using Parquet;
using Parquet.Schema;

namespace MLOps.Monitoring.Tests.Datasets;

public class ParquetDatasetReaderTests
{
    private static readonly DataField<int> Id = new("id");
    private static readonly DataField<double?> Score = new("score");
    private static readonly DataField<long?> Count = new("count");
    private static readonly DataField<decimal> Price = new("price");
    private static readonly DataField<string> Name = new("name");
    private static readonly DataField<bool?> Active = new("active");

    private static async Task<byte[]> WriteAsync(ParquetSchema schema, params Func<ParquetRowGroupWriter, Task>[] rowGroups)
    {
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            foreach (var writeGroup in rowGroups)
            {
                using var group = writer.CreateRowGroup();
                await writeGroup(group);
            }
        }

        return stream.ToArray();
    }

    private static async Task<string> ErrorAsync(byte[] bytes, DatasetLimits? limits = null) =>
        (await Assert.ThrowsAsync<DatasetFormatException>(
            () => ParquetDatasetReader.ReadAsync(new MemoryStream(bytes), limits ?? DatasetLimits.Default))).Message;

    private static Func<ParquetRowGroupWriter, Task> Group(int[] ids, double?[] scores, long?[] counts, decimal[] prices, string?[] names, bool?[] active) =>
        async group =>
        {
            await group.WriteAsync<int>(Id, ids);
            await group.WriteAsync<double>(Score, scores);
            await group.WriteAsync<long>(Count, counts);
            await group.WriteAsync<decimal>(Price, prices);
            await group.WriteAsync(Name, names!);
            await group.WriteAsync<bool>(Active, active);
        };

    private static Task<byte[]> SampleAsync() =>
        WriteAsync(
            new ParquetSchema(Id, Score, Count, Price, Name, Active),
            Group([1, 2], [0.5, null], [10, null], [1.25m, 2m], ["Zoë", null], [true, null]),
            Group([3], [-2], [long.MaxValue], [0.1m], ["日本語"], [false]));

    [Fact]
    public async Task AllRowGroupsAndTypesRoundTripWithMissingValues()
    {
        var dataset = await ParquetDatasetReader.ReadAsync(new MemoryStream(await SampleAsync()), DatasetLimits.Default);

        Assert.Equal(["id", "score", "count", "price", "name", "active"], dataset.ColumnNames);
        Assert.Equal(3, dataset.RowCount);
        Assert.Equal([1.0, 2, 3], dataset.GetColumn("id").Numbers.ToArray());
        Assert.Equal([0.5, double.NaN, -2], dataset.GetColumn("score").Numbers.ToArray());
        Assert.Equal([10, double.NaN, long.MaxValue], dataset.GetColumn("count").Numbers.ToArray());
        Assert.Equal([1.25, 2, 0.1], dataset.GetColumn("price").Numbers.ToArray());
        Assert.Equal(new string?[] { "Zoë", null, "日本語" }, dataset.GetColumn("name").Strings.ToArray());
        Assert.Equal(new string?[] { "true", null, "false" }, dataset.GetColumn("active").Strings.ToArray());
    }

    [Fact]
    public async Task AStreamThatCannotSeekIsBuffered()
    {
        var dataset = await ParquetDatasetReader.ReadAsync(new TrickleStream(await SampleAsync(), 100), DatasetLimits.Default);

        Assert.Equal(3, dataset.RowCount);
    }

    [Fact]
    public async Task AnEmptyStreamIsRefused() =>
        Assert.Contains("empty", await ErrorAsync([]), StringComparison.Ordinal);

    [Fact]
    public async Task TextIsNotParquet() =>
        Assert.Contains("not a readable Parquet file", await ErrorAsync(Encoding.UTF8.GetBytes("a,b\n1,2\n")), StringComparison.Ordinal);

    [Fact]
    public async Task ATruncatedFileIsRefused()
    {
        var bytes = await SampleAsync();

        Assert.Contains("Parquet", await ErrorAsync(bytes[..(bytes.Length / 2)]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AListColumnIsRefusedByName()
    {
        var tags = new ListField("tags", new DataField<int>("item"));
        var bytes = await WriteAsync(new ParquetSchema(Id, tags));

        var message = await ErrorAsync(bytes);

        Assert.Contains("Column 'tags' is a nested (list) column", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStructColumnIsRefusedByName()
    {
        var bytes = await WriteAsync(new ParquetSchema(Id, new StructField("address", new DataField<string>("city"))));

        Assert.Contains("Column 'address' is a nested (struct) column", await ErrorAsync(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADateColumnIsRefusedByName()
    {
        var bytes = await WriteAsync(new ParquetSchema(new DataField<DateTime>("when")));

        Assert.Contains("Column 'when' has type DateTime", await ErrorAsync(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRowsAreRefused() =>
        Assert.Contains("3 rows; at most 2", await ErrorAsync(await SampleAsync(), new DatasetLimits { MaxRows = 2 }), StringComparison.Ordinal);

    [Fact]
    public async Task TooManyColumnsAreRefused() =>
        Assert.Contains("6 columns; at most 5", await ErrorAsync(await SampleAsync(), new DatasetLimits { MaxColumns = 5 }), StringComparison.Ordinal);
}
