using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>One feature's data quality in a monitoring window.</summary>
/// <param name="Name">The feature.</param>
/// <param name="Count">Values in the window.</param>
/// <param name="MissingRate">Share of missing values.</param>
/// <param name="NaNRate">Share of NaN values.</param>
/// <param name="OutOfRangeShare">Share of values outside the reference's [min, max].</param>
/// <param name="UnseenCategoryShare">Share of values in categories the reference never had.</param>
/// <param name="LongestConstantStreak">Longest run of one repeated value a replica saw.</param>
/// <param name="IsConstant">Every value in the window was the same, while the reference varied (a stale feature).</param>
public sealed record FeatureQuality(
    string Name, long Count, double MissingRate, double NaNRate, double OutOfRangeShare, double UnseenCategoryShare, long LongestConstantStreak, bool IsConstant)
{
    internal const string Fields = "name count missingRate nanRate outOfRangeShare unseenCategoryShare longestConstantStreak isConstant";

    internal static FeatureQuality Read(JsonElement e) => new(
        e.String("name"), e.Int64("count"), e.Double("missingRate"), e.Double("nanRate"), e.Double("outOfRangeShare"), e.Double("unseenCategoryShare"),
        e.Int64("longestConstantStreak"), e.Boolean("isConstant"));
}
