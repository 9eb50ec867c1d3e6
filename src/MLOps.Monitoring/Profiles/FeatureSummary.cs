namespace MLOps.Monitoring.Profiles;

/// <summary>A JSON-friendly description of one reference feature; numeric fields are null for categorical features.</summary>
/// <param name="Name">The feature name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Role">Input or prediction.</param>
/// <param name="Count">Number of non-missing values.</param>
/// <param name="MissingRate">Missing values over all values, 0 when there are none.</param>
/// <param name="DistinctCount">Number of distinct values (categorical: capped at the category bound).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Mean">Mean.</param>
/// <param name="P5">5th percentile (exact for small references, within the sketch's rank error otherwise).</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
public sealed record FeatureSummary(
    string Name, FeatureKind Kind, FeatureRole Role, long Count, double MissingRate, int DistinctCount,
    double? Min, double? Max, double? Mean, double? P5, double? P50, double? P95)
{
    /// <summary>Summarizes a feature profile.</summary>
    /// <param name="feature">The feature profile.</param>
    public static FeatureSummary Of(FeatureProfile feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var total = feature.Count + feature.MissingCount;
        var rate = total == 0 ? 0.0 : (double)feature.MissingCount / total;
        var numeric = feature.Spec.Kind == FeatureKind.Numeric && feature.Count > 0;
        return new FeatureSummary(
            feature.Spec.Name, feature.Spec.Kind, feature.Spec.Role, feature.Count, rate, feature.DistinctCount,
            numeric ? feature.Min : null, numeric ? feature.Max : null, numeric ? feature.Mean : null,
            numeric ? feature.Quantile(0.05) : null, numeric ? feature.Quantile(0.5) : null, numeric ? feature.Quantile(0.95) : null);
    }
}
