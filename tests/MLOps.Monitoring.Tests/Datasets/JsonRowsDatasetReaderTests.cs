using System.Text;
using MLOps.Monitoring.Datasets;

namespace MLOps.Monitoring.Tests.Datasets;

public class JsonRowsDatasetReaderTests
{
    private static Task<TabularDataset> ReadAsync(string json, DatasetLimits? limits = null, int chunk = int.MaxValue) =>
        JsonRowsDatasetReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), chunk), limits ?? DatasetLimits.Default);

    private static async Task<string> ErrorAsync(string json, DatasetLimits? limits = null) =>
        (await Assert.ThrowsAsync<DatasetFormatException>(() => ReadAsync(json, limits))).Message;

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task RowsRoundTripWithTheUnionOfKeysAndMissingValues(int chunk)
    {
        const string json = """
            [
              {"age": 31, "city": "Zürich", "vip": true},
              {"age": null, "city": "caf\u00e9 \"A\"", "score": 1.5e2},
              {"city": null, "vip": false, "score": -0.25, "age": 40},
              {}
            ]
            """;

        var dataset = await ReadAsync(json, chunk: chunk);

        Assert.Equal(["age", "city", "vip", "score"], dataset.ColumnNames);
        Assert.Equal(4, dataset.RowCount);
        Assert.Equal([31, double.NaN, 40, double.NaN], dataset.GetColumn("age").Numbers.ToArray());
        Assert.Equal(new string?[] { "Zürich", "café \"A\"", null, null }, dataset.GetColumn("city").Strings.ToArray());
        Assert.Equal(new string?[] { "true", null, "false", null }, dataset.GetColumn("vip").Strings.ToArray());
        Assert.Equal([double.NaN, 150, -0.25, double.NaN], dataset.GetColumn("score").Numbers.ToArray());
    }

    [Fact]
    public async Task NumbersMixedWithStringsMakeAStringColumnWithNumbersAsWritten()
    {
        var dataset = await ReadAsync("""[{"v": 1.50}, {"v": "x"}, {"v": "2"}]""");

        Assert.Equal(new string?[] { "1.50", "x", "2" }, dataset.GetColumn("v").Strings.ToArray());
    }

    [Fact]
    public async Task StringsThatSpellNumbersStayStrings()
    {
        var dataset = await ReadAsync("""[{"zip": "01234"}, {"zip": "98765"}]""");

        Assert.Equal(new string?[] { "01234", "98765" }, dataset.GetColumn("zip").Strings.ToArray());
    }

    [Fact]
    public async Task AnObjectWithRowsIsAccepted()
    {
        var dataset = await ReadAsync("\uFEFF" + """{"rows": [{"a": 1}, {"a": 2}]}""");

        Assert.Equal([1.0, 2], dataset.GetColumn("a").Numbers.ToArray());
    }

    [Fact]
    public async Task ALargeDocumentAndALongStringCrossBufferBoundaries()
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < 10_000; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append("{\"i\":").Append(i).Append(",\"s\":\"row").Append(i).Append("\"}");
        }

        var longText = new string('é', 100_000);
        json.Append(",{\"s\":\"").Append(longText).Append("\"}]");

        var dataset = await ReadAsync(json.ToString(), chunk: 4096);

        Assert.Equal(10_001, dataset.RowCount);
        Assert.Equal(9_999, dataset.GetColumn("i").Numbers[9_999]);
        Assert.Equal(longText, dataset.GetColumn("s").Strings[10_000]);
    }

    [Fact]
    public async Task AnEmptyFileIsRefused() =>
        Assert.Contains("empty", await ErrorAsync(""), StringComparison.Ordinal);

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    public async Task MalformedJsonIsRefusedWithItsByteOffset(int chunk)
    {
        // The trailing comma's closing brace is at offset 20, on the second line.
        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => ReadAsync("[{\"a\": 1},\n {\"a\": 2,}]", chunk: chunk));

        Assert.Contains("not valid JSON at byte offset 20 (line 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedJsonIsRefused() =>
        Assert.Contains("not valid JSON", await ErrorAsync("""[{"a": 1}, {"a": """), StringComparison.Ordinal);

    [Fact]
    public async Task ANonArrayDocumentIsRefused() =>
        Assert.Contains("must be an array of row objects", await ErrorAsync("42"), StringComparison.Ordinal);

    [Fact]
    public async Task ARowThatIsNotAnObjectIsRefused() =>
        Assert.Contains("row 2 must be an object, not an array", await ErrorAsync("""[{"a": 1}, [1]]"""), StringComparison.Ordinal);

    [Theory]
    [InlineData("""[{"a": 1}, {"a": 2, "b": {"c": 1}}]""", "object")]
    [InlineData("""[{"a": 1}, {"a": 2, "b": [1, 2]}]""", "array")]
    public async Task ANestedValueIsRefusedNamingRowAndKey(string json, string kind) =>
        Assert.Contains($"row 2, key \"b\" holds a nested {kind}", await ErrorAsync(json), StringComparison.Ordinal);

    [Fact]
    public async Task ARepeatedKeyInARowIsRefused() =>
        Assert.Contains("row 1 has the key \"a\" twice", await ErrorAsync("""[{"a": 1, "a": 2}]"""), StringComparison.Ordinal);

    [Fact]
    public async Task AnOuterObjectWithOtherPropertiesIsRefused() =>
        Assert.Contains("\"rows\"", await ErrorAsync("""{"data": []}"""), StringComparison.Ordinal);

    [Fact]
    public async Task AnEmptyArrayHasNoColumns() =>
        Assert.Contains("no rows", await ErrorAsync("[]"), StringComparison.Ordinal);

    [Fact]
    public async Task TooManyRowsAreRefused() =>
        Assert.Contains("more than 2 rows", await ErrorAsync("""[{"a":1},{"a":2},{"a":3}]""", new DatasetLimits { MaxRows = 2 }), StringComparison.Ordinal);

    [Fact]
    public async Task TooManyColumnsAreRefused() =>
        Assert.Contains("row 2 brings the number of distinct keys past 2", await ErrorAsync("""[{"a":1,"b":2},{"c":3}]""", new DatasetLimits { MaxColumns = 2 }), StringComparison.Ordinal);
}
