using System.Globalization;
using MLOps.Contracts.Monitoring;
using MLOps.Monitoring.Performance;

namespace MLOps.Storage.Monitoring;

/// <summary>
/// A window's performance from its exactly joined (prediction, label) pairs in the prediction log. Classes are
/// the deployment's class labels, else 0..k-1 when the model gives k scores, else every label and prediction
/// seen; a label outside the classes is left out. Probabilities (ROC AUC, log loss) are used when every pair
/// has one score per class.
/// </summary>
public sealed class WindowPerformance(PredictionLogStore predictions)
{
    public async Task<PerformanceDocument?> ComputeAsync(
        string deployment, string model, int version, DateTimeOffset windowStart, MonitoringSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Task == MonitoringTasks.None)
        {
            return null;
        }

        var rows = await predictions.GetLabelledAsync(deployment, model, version, windowStart, ct);
        return spec.Task == MonitoringTasks.Regression ? Regression(rows) : Classification(rows, spec.ClassLabels);
    }

    /// <summary>A metric of <see cref="AlertMetrics"/> from a performance document, or null.</summary>
    public static double? Pick(PerformanceDocument? performance, string metric) => performance is null ? null : metric switch
    {
        AlertMetrics.Accuracy => performance.Accuracy,
        AlertMetrics.Precision => performance.Precision,
        AlertMetrics.Recall => performance.Recall,
        AlertMetrics.F1 => performance.F1,
        AlertMetrics.RocAuc => performance.RocAuc,
        AlertMetrics.LogLoss => performance.LogLoss,
        AlertMetrics.Mae => performance.Mae,
        AlertMetrics.Rmse => performance.Rmse,
        AlertMetrics.R2 => performance.R2,
        _ => null,
    };

    public static PerformanceDocument Regression(IReadOnlyList<LabelledPrediction> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var actual = new List<double>();
        var predicted = new List<double>();
        foreach (var row in rows)
        {
            var truth = row.LabelValue ?? (double.TryParse(row.Label, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null);
            if (truth is { } t && row.PredictedValue is { } p && double.IsFinite(t) && double.IsFinite(p))
            {
                actual.Add(t);
                predicted.Add(p);
            }
        }

        if (actual.Count == 0)
        {
            return new PerformanceDocument(MonitoringTasks.Regression, 0, null, null, null, null, null, null, null, null, null);
        }

        var metrics = RegressionMetrics.Compute(actual.ToArray(), predicted.ToArray());
        return new PerformanceDocument(MonitoringTasks.Regression, metrics.Count, null, null, null, null, null, null,
            metrics.MeanAbsoluteError, metrics.RootMeanSquaredError, metrics.RSquared);
    }

    public static PerformanceDocument Classification(IReadOnlyList<LabelledPrediction> rows, IReadOnlyList<string>? classLabels)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scored = rows.Count > 0 && rows.All(r => r.Scores is { Length: > 1 } s && s.Length == rows[0].Scores!.Length);
        var classes = classLabels is { Count: >= 2 } ? classLabels
            : scored ? [.. Enumerable.Range(0, rows[0].Scores!.Length).Select(i => i.ToString(CultureInfo.InvariantCulture))]
            : [.. rows.SelectMany(r => new[] { r.Label, r.Predicted }).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var known = classes.ToHashSet(StringComparer.Ordinal);
        var pairs = rows.Where(r => r.Label is not null && r.Predicted is not null && known.Contains(r.Label) && known.Contains(r.Predicted)).ToList();
        if (pairs.Count == 0)
        {
            return new PerformanceDocument(MonitoringTasks.Classification, 0, null, null, null, null, null, null, null, null, null);
        }

        if (classes.Count < 2)
        {
            // One class seen and no scores: every prediction matched it or the pair was left out above.
            return new PerformanceDocument(MonitoringTasks.Classification, pairs.Count, 1.0, null, null, null, null, null, null, null, null);
        }

        var useScores = scored && pairs.All(p => p.Scores!.Length == classes.Count);
        var probabilities = useScores ? Normalised(pairs, classes.Count) : [];
        var metrics = ClassificationMetrics.Compute(classes, pairs.Select(p => p.Label!).ToArray(), pairs.Select(p => p.Predicted!).ToArray(), probabilities);
        return new PerformanceDocument(MonitoringTasks.Classification, metrics.Count, metrics.Accuracy, metrics.Precision, metrics.Recall, metrics.F1,
            metrics.RocAuc, metrics.LogLoss, null, null, null);
    }

    private static double[] Normalised(List<LabelledPrediction> pairs, int classes)
    {
        // Scores may be logits or unnormalised; negative or non-finite ones cannot be probabilities, so they are not used.
        var probabilities = new double[pairs.Count * classes];
        for (var i = 0; i < pairs.Count; i++)
        {
            for (var c = 0; c < classes; c++)
            {
                var score = pairs[i].Scores![c];
                probabilities[(i * classes) + c] = float.IsFinite(score) && score >= 0 ? score : 0;
            }
        }

        return probabilities;
    }
}
