using System.Text.Json;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Tests.Evaluation;

namespace MLOps.Monitoring.Tests.Profiles;

public class ReferenceProfileTests
{
    private static readonly FeatureSpec[] Specs =
    [
        new("amount", FeatureKind.Numeric),
        new("country", FeatureKind.Categorical),
        new("children", FeatureKind.Numeric),
        new("score", FeatureKind.Numeric, FeatureRole.Prediction),
    ];

    private static (ReferenceProfile Profile, Array[] Columns) Build(int rows, int seed = 3)
    {
        var random = new Random(seed);
        var amount = Samples.Exponential(random, rows);
        amount[0] = double.NaN;
        amount[1] = double.PositiveInfinity;
        var country = ProfileFixtures.Categories(random, rows, ("FR", 5), ("DE", 3), ("IT", 1), (null, 0.5), (string.Empty, 0.5));
        var children = Enumerable.Range(0, rows).Select(_ => (double)random.Next(4)).ToArray();
        var score = Samples.Uniform(random, rows);
        Array[] columns = [amount, country, children, score];
        return (ProfileFixtures.Reference(Specs, columns), columns);
    }

    [Theory]
    [InlineData(800)]
    [InlineData(20_000)]
    public void NumericFeaturesKeepExactCountsRangeMomentsAndDecileBins(int rows)
    {
        var (profile, columns) = Build(rows);
        var raw = (double[])columns[0];
        var finite = ExactStatistics.Finite(raw);
        var amount = profile.Features[0];

        Assert.Equal(rows, profile.RowCount);
        Assert.Equal(finite.Length, amount.Count);
        Assert.Equal(2, amount.MissingCount);
        Assert.Equal(finite.Min(), amount.Min);
        Assert.Equal(finite.Max(), amount.Max);
        Assert.Equal(finite.Average(), amount.Mean, 1e-9);
        Assert.Equal(Math.Sqrt(finite.Average(x => (x - finite.Average()) * (x - finite.Average()))), amount.StandardDeviation, 1e-9);
        Assert.Equal(finite.Distinct().Count(), amount.DistinctCount);
        var edges = ExactStatistics.Edges(finite);
        Assert.Equal(edges, amount.BinEdges);
        Assert.Equal(ExactStatistics.BinCounts(finite, edges), amount.BinCounts.Select(c => (double)c));
        Assert.Null(amount.ValueFrequencies);
        Assert.Equal(rows <= 1000, amount.ExactValues is not null);
        Assert.Equal(rows <= 1000 ? 0.0 : QuantileSketch.NormalizedRankError(QuantileSketch.DefaultK), amount.RankError);
    }

    [Fact]
    public void LowCardinalityNumericFeaturesKeepValueFrequenciesAndDeduplicatedEdges()
    {
        var (profile, columns) = Build(5000);
        var raw = (double[])columns[2];
        var children = profile.Features[2];

        Assert.Equal(4, children.DistinctCount);
        Assert.Equal(raw.GroupBy(v => v).OrderBy(g => g.Key).Select(g => new ValueCount(g.Key, g.Count())), children.ValueFrequencies!);
        Assert.Equal(ExactStatistics.Edges(raw), children.BinEdges);
        Assert.True(children.BinEdges.Count <= 4);
        Assert.Equal(DriftTestKind.JensenShannon, DefaultDriftTest.Choose(FeatureKind.Numeric, children.Count, children.DistinctCount));
    }

    [Fact]
    public void CategoricalFeaturesCountCategoriesAndTreatNullAndEmptyAsMissing()
    {
        var (profile, columns) = Build(3000);
        var raw = (string?[])columns[1];
        var country = profile.Features[1];

        Assert.Equal(ExactStatistics.Frequencies(raw), country.Categories);
        Assert.Equal(raw.Count(string.IsNullOrEmpty), country.MissingCount);
        Assert.Equal(3, country.DistinctCount);
        Assert.Empty(country.BinEdges);
        Assert.True(double.IsNaN(country.Min));
    }

    [Fact]
    public void SerializationRoundTripPreservesEveryFeature()
    {
        var (profile, _) = Build(800);

        var copy = ReferenceProfile.Deserialize(profile.Serialize());

        Assert.Equal(profile.RowCount, copy.RowCount);
        Assert.Equal(profile.Specs, copy.Specs);
        Assert.Equal(profile.Summarize().Features, copy.Summarize().Features);
        for (var i = 0; i < Specs.Length; i++)
        {
            Assert.Equal(profile.Features[i].BinEdges, copy.Features[i].BinEdges);
            Assert.Equal(profile.Features[i].BinCounts, copy.Features[i].BinCounts);
            Assert.Equal(profile.Features[i].Cdf, copy.Features[i].Cdf);
            Assert.Equal(profile.Features[i].ExactValues, copy.Features[i].ExactValues);
            Assert.Equal(profile.Features[i].ValueFrequencies, copy.Features[i].ValueFrequencies);
            Assert.Equal(profile.Features[i].Categories, copy.Features[i].Categories);
            Assert.Equal(profile.Features[i].StandardDeviation, copy.Features[i].StandardDeviation);
        }
    }

    [Fact]
    public void DeserializingGarbageFailsWithInvalidData()
    {
        var bytes = Build(800).Profile.Serialize();
        var random = new Random(5);
        var noise = new byte[500];
        random.NextBytes(noise);
        var flipped = (byte[])bytes.Clone();
        flipped[4] = 99;

        Assert.Throws<InvalidDataException>(() => ReferenceProfile.Deserialize(noise));
        Assert.Throws<InvalidDataException>(() => ReferenceProfile.Deserialize([]));
        Assert.Throws<InvalidDataException>(() => ReferenceProfile.Deserialize(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Throws<InvalidDataException>(() => ReferenceProfile.Deserialize([.. bytes, 0]));
        var error = Assert.Throws<InvalidDataException>(() => ReferenceProfile.Deserialize(flipped));
        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
        for (var cut = 5; cut < bytes.Length; cut += 97)
        {
            Assert.Throws<InvalidDataException>(() => ReferenceProfile.Deserialize(bytes.AsSpan(0, cut)));
        }
    }

    [Fact]
    public void SummaryIsJsonFriendlyWithExactPercentilesForASmallReference()
    {
        var (profile, columns) = Build(800);
        var sorted = ExactStatistics.Finite((double[])columns[0]).Order().ToArray();

        var summary = profile.Summarize();
        var json = JsonSerializer.Serialize(summary);

        var amount = summary.Features[0];
        Assert.Equal(sorted[(int)Math.Ceiling(0.05 * sorted.Length) - 1], amount.P5);
        Assert.Equal(sorted[(int)Math.Ceiling(0.5 * sorted.Length) - 1], amount.P50);
        Assert.Equal(sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1], amount.P95);
        Assert.Equal(2.0 / 800, amount.MissingRate);
        Assert.Null(summary.Features[1].Mean);
        Assert.Contains("\"Name\":\"country\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateFeatureNamesAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ReferenceProfileBuilder([new("a", FeatureKind.Numeric), new("a", FeatureKind.Categorical)]));
        Assert.Contains("VALIDATION", error.Message, StringComparison.Ordinal);
    }
}
