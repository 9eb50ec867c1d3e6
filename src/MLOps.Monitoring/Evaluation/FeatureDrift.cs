using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Evaluation;

/// <summary>The drift verdict for one feature of a window.</summary>
/// <param name="Name">The feature name.</param>
/// <param name="Role">Input or prediction; only inputs count toward the dataset drift share.</param>
/// <param name="Test">The test that was (or would have been) run.</param>
/// <param name="Statistic">The test statistic or distance; 0 when not evaluated.</param>
/// <param name="PValue">The p-value for hypothesis tests; null for distances and when not evaluated.</param>
/// <param name="Threshold">The p-value below which, or the distance above which, drift is declared.</param>
/// <param name="Drifted">Whether drift was declared; always false when not evaluated.</param>
/// <param name="Count">Number of window values the test used.</param>
/// <param name="Evaluated">
/// False when there was nothing to compare: no window values, or no reference values for the feature. Such a
/// feature is neither drifted nor counted in the drift share.
/// </param>
/// <param name="ErrorBound">
/// How far <paramref name="Statistic"/> can be from the same statistic computed on the raw values, as the sketches
/// guarantee (see <see cref="WindowEvaluator"/>); 0 when it is exact.
/// </param>
public sealed record FeatureDrift(
    string Name, FeatureRole Role, DriftTestKind Test, double Statistic, double? PValue, double Threshold, bool Drifted, long Count,
    bool Evaluated = true, double ErrorBound = 0);
