namespace MLOps.Monitoring.Evaluation;

/// <summary>Data quality of one feature in a window.</summary>
/// <param name="Name">The feature name.</param>
/// <param name="Count">Number of valid values (not missing, not NaN or infinite).</param>
/// <param name="MissingRate">Missing values (absent, null or empty) over all observations.</param>
/// <param name="NaNRate">NaN or infinite values over all observations (numeric features).</param>
/// <param name="OutOfRangeShare">Valid values outside [reference min, reference max] over valid values (numeric).</param>
/// <param name="UnseenCategoryShare">Values of categories the reference never had over valid values (categorical).</param>
/// <param name="LongestConstantStreak">The longest run of identical consecutive values one replica saw.</param>
/// <param name="IsConstant">At least two values, all equal, while the reference had more than one distinct value.</param>
public sealed record FeatureQuality(
    string Name, long Count, double MissingRate, double NaNRate, double OutOfRangeShare, double UnseenCategoryShare,
    long LongestConstantStreak, bool IsConstant);
