using System.Globalization;
using System.Text;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Tests.Protocol;

public sealed class FastFloatParserTests
{
    [Fact]
    public void WhereTheFastPathAppliesItGivesExactlyTheDoubleThatDoubleParseGives()
    {
        var random = new Random(20261130);
        var taken = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var text = (i % 3) switch
            {
                0 => ((float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)))).ToString("R", CultureInfo.InvariantCulture),
                1 => Math.Round((random.NextDouble() - 0.5) * 1e6, random.Next(0, 10)).ToString(CultureInfo.InvariantCulture),
                _ => string.Create(CultureInfo.InvariantCulture, $"{random.Next(-99999, 99999)}e{random.Next(-25, 25)}"),
            };
            if (FastFloatParser.TryParse(Encoding.ASCII.GetBytes(text), out var fast))
            {
                taken++;
                var exact = double.Parse(text, CultureInfo.InvariantCulture);
                Assert.True(BitConverter.DoubleToInt64Bits(exact) == BitConverter.DoubleToInt64Bits(fast), $"'{text}': fast {fast:R}, exact {exact:R}");
            }
        }

        Assert.True(taken > 150_000, $"The fast path took only {taken} of 200000 numbers.");
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("-0", -0.0)]
    [InlineData("1.5", 1.5)]
    [InlineData("-2.25e2", -225.0)]
    [InlineData("1E-3", 0.001)]
    [InlineData("0.000123", 0.000123)]
    [InlineData("123456789012345", 123456789012345.0)]
    public void SimpleNumbersParse(string text, double expected)
    {
        Assert.True(FastFloatParser.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("1234567890123456")]
    [InlineData("1e23")]
    [InlineData("1e-23")]
    [InlineData("3.4028235e38")]
    [InlineData("1e")]
    [InlineData("-")]
    [InlineData("1x")]
    public void NumbersOutsideTheFastPathAreLeftToTheGeneralParser(string text) =>
        Assert.False(FastFloatParser.TryParse(Encoding.ASCII.GetBytes(text), out _));
}
