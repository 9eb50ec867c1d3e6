using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Monitoring.Evaluation;

/// <summary>Derives <see cref="FeatureQuality"/> from a feature's window state.</summary>
internal static class FeatureQualities
{
    public static FeatureQuality Of(FeatureProfile? reference, FeatureSpec spec, WindowProfile window, int feature)
    {
        // A constant window is only news when the reference varied.
        var referenceVaried = reference is not null && reference.DistinctCount > 1;
        if (window.Numeric(feature) is { } numeric)
        {
            var count = numeric.Sketch.Count;
            var total = numeric.Observations;
            return new FeatureQuality(
                spec.Name, count, Rate(numeric.MissingCount, total), Rate(numeric.NaNCount, total), Rate(numeric.OutOfRangeCount, count), 0,
                numeric.LongestStreak, referenceVaried && count >= 2 && numeric.Sketch.Min == numeric.Sketch.Max);
        }

        var categorical = window.Categorical(feature)!;
        var counter = categorical.Counter;
        return new FeatureQuality(
            spec.Name, counter.Count, Rate(categorical.MissingCount, categorical.Observations), 0, 0, Rate(categorical.UnseenCount, counter.Count),
            categorical.LongestStreak, referenceVaried && counter.Count >= 2 && counter.Categories.Count == 1 && counter.OtherCount == 0);
    }

    private static double Rate(long part, long total) => total == 0 ? 0.0 : (double)part / total;
}
