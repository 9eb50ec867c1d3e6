using System.Text;
using MLOps.Monitoring.Datasets;

namespace MLOps.Monitoring.Tests.Datasets;

public class CsvDatasetReaderTests
{
    private static Task<TabularDataset> ReadAsync(string text, DatasetLimits? limits = null, int chunk = int.MaxValue) =>
        CsvDatasetReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), limits ?? DatasetLimits.Default);

    private static async Task<string> ErrorAsync(string text, DatasetLimits? limits = null) =>
        (await Assert.ThrowsAsync<DatasetFormatException>(() => ReadAsync(text, limits))).Message;

    [Fact]
    public async Task QuotedFieldsMissingValuesAndUnicodeRoundTrip()
    {
        var csv = "id,name,score,code\n" +
                  "1,\"Smith, Jane\",0.5,007\n" +
                  "2,\"She said \"\"hi\"\"\",,A12\n" +
                  "3,\"two\nlines\",-1e3,\n" +
                  "4,Ünïcødé 🚀,NaN,\"\"\n";

        var dataset = await ReadAsync(csv, chunk: 3);

        Assert.Equal(["id", "name", "score", "code"], dataset.ColumnNames);
        Assert.Equal(4, dataset.RowCount);
        Assert.Equal([1.0, 2, 3, 4], dataset.GetColumn("id").Numbers.ToArray());
        Assert.Equal(new string?[] { "Smith, Jane", "She said \"hi\"", "two\nlines", "Ünïcødé 🚀" }, dataset.GetColumn("name").Strings.ToArray());
        var score = dataset.GetColumn("score");
        Assert.True(score.IsNumeric);
        Assert.Equal([0.5, double.NaN, -1000, double.NaN], score.Numbers.ToArray());
        Assert.Equal(2, score.MissingCount);

        // One non-number makes the column strings, and the numbers keep their spelling.
        var code = dataset.GetColumn("code");
        Assert.False(code.IsNumeric);
        Assert.Equal(new string?[] { "007", "A12", null, null }, code.Strings.ToArray());
    }

    [Fact]
    public async Task InfinityAndNaNSpellingsAreNumbers()
    {
        var dataset = await ReadAsync("x\ninf\n-inf\n+Infinity\nnan\n1.5E-3\n");

        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity, double.NaN, 0.0015], dataset.GetColumn("x").Numbers.ToArray());
    }

    [Fact]
    public async Task AColumnWithOnlyEmptyCellsIsNumericAndMissing()
    {
        var dataset = await ReadAsync("a,b\n1,\n2,\n");

        Assert.True(dataset.GetColumn("b").IsNumeric);
        Assert.Equal(2, dataset.GetColumn("b").MissingCount);
    }

    [Theory]
    [InlineData("a;b;c\n1,5;2;x\n", ';')]
    [InlineData("a\tb\tc\n1,5\t2\tx\n", '\t')]
    [InlineData("\"a;b\",c\n1,2\n", ',')]
    public async Task TheSeparatorIsDetectedFromTheHeaderLine(string csv, char separator)
    {
        var dataset = await ReadAsync(csv);

        Assert.Equal(separator == ',' ? 2 : 3, dataset.ColumnCount);
        if (separator != ',')
        {
            Assert.Equal(new string?[] { "1,5" }, dataset.Columns[0].Strings.ToArray());
        }
        else
        {
            Assert.Equal("a;b", dataset.ColumnNames[0]);
        }
    }

    [Fact]
    public async Task ByteOrderMarkCrLfAndBlankLinesAreTolerated()
    {
        var dataset = await ReadAsync("\uFEFFa,b\r\n1,x\r\n\r\n2,y\r\n\r\n");

        Assert.Equal(["a", "b"], dataset.ColumnNames);
        Assert.Equal([1.0, 2], dataset.GetColumn("a").Numbers.ToArray());
        Assert.Equal(new string?[] { "x", "y" }, dataset.GetColumn("b").Strings.ToArray());
    }

    [Fact]
    public async Task AHeaderWithoutRowsGivesEmptyColumns()
    {
        var dataset = await ReadAsync("a,b\n");

        Assert.Equal(0, dataset.RowCount);
        Assert.Equal(2, dataset.ColumnCount);
    }

    [Fact]
    public async Task ALongFileIsReadWhole()
    {
        var text = new StringBuilder("n,label\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(i).Append(",c").Append(i % 3).Append('\n');
        }

        var dataset = await ReadAsync(text.ToString());

        Assert.Equal(20_000, dataset.RowCount);
        Assert.Equal(19_999, dataset.GetColumn("n").Numbers[^1]);
        Assert.Same(dataset.GetColumn("label").Strings[0], dataset.GetColumn("label").Strings[3]);
    }

    [Fact]
    public async Task AnEmptyFileIsRefused() =>
        Assert.Contains("empty", await ErrorAsync(""), StringComparison.Ordinal);

    [Fact]
    public async Task ABlankFirstLineIsRefused() =>
        Assert.Contains("first line", await ErrorAsync("\n1,2\n"), StringComparison.Ordinal);

    [Fact]
    public async Task ADuplicateHeaderIsRefused() =>
        Assert.Contains("unique", await ErrorAsync("a,b,a\n1,2,3\n"), StringComparison.Ordinal);

    [Fact]
    public async Task AnUnnamedColumnIsRefused() =>
        Assert.Contains("Column 2", await ErrorAsync("a,,c\n1,2,3\n"), StringComparison.Ordinal);

    [Fact]
    public async Task ARaggedRowIsRefusedWithItsLine()
    {
        var message = await ErrorAsync("a,b\n1,2\n\"x\ny\",2\n3\n");

        Assert.Contains("Line 5", message, StringComparison.Ordinal);
        Assert.Contains("1 field but the header has 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnclosedQuoteIsRefused() =>
        Assert.Contains("Line 3 of the CSV file has an unbalanced double quote", await ErrorAsync("a\n1\n\"open\n2\n"), StringComparison.Ordinal);

    [Fact]
    public async Task TooManyRowsAreRefused() =>
        Assert.Contains("more than 2 data rows (line 4", await ErrorAsync("a\n1\n2\n3\n", new DatasetLimits { MaxRows = 2 }), StringComparison.Ordinal);

    [Fact]
    public async Task TooManyColumnsAreRefused() =>
        Assert.Contains("3 columns; at most 2", await ErrorAsync("a,b,c\n1,2,3\n", new DatasetLimits { MaxColumns = 2 }), StringComparison.Ordinal);
}
