namespace MLOps.Monitoring.Performance;

/// <summary>
/// Quality metrics of a classifier over one window of joined (label, prediction) pairs, following
/// scikit-learn's definitions.
/// </summary>
/// <remarks>
/// A ratio whose denominator is zero, such as the precision of a class that was never predicted, is 0, as with
/// scikit-learn's default <c>zero_division=0</c>.
/// </remarks>
/// <param name="Count">The number of pairs.</param>
/// <param name="Accuracy">The fraction of pairs whose prediction equals the label.</param>
/// <param name="Precision">
/// With two classes, the precision of the positive class (scikit-learn's <c>average='binary'</c>); with more,
/// the per-class precisions combined by <see cref="Average"/>.
/// </param>
/// <param name="Recall">As <paramref name="Precision"/>, for recall.</param>
/// <param name="F1">As <paramref name="Precision"/>, for F1 = 2·TP / (2·TP + FP + FN).</param>
/// <param name="RocAuc">
/// With two classes, the area under the ROC curve of the positive class's probability (Mann–Whitney, ties
/// counted one half); with more, the unweighted mean of one-vs-rest areas. Null without probabilities or when
/// some class has no true instance in the window.
/// </param>
/// <param name="LogLoss">
/// The mean negative natural log of the probability given to the true class, after every probability is
/// clipped to [1e-15, 1 − 1e-15] and each row renormalised to sum to 1, as scikit-learn's <c>log_loss</c> long
/// did (recent releases clip at machine epsilon and no longer renormalise; for rows that sum to 1 and stay inside
/// the clip range the two agree). Null without probabilities.
/// </param>
/// <param name="Average">How <paramref name="Precision"/>, <paramref name="Recall"/> and <paramref name="F1"/>
/// were combined; null for two classes, where they are those of the positive class.</param>
public sealed record ClassificationMetrics(
    int Count, double Accuracy, double Precision, double Recall, double F1, double? RocAuc, double? LogLoss, MetricAverage? Average)
{
    /// <summary>The bound that keeps log loss finite: probabilities are clipped to [ε, 1 − ε].</summary>
    public const double ProbabilityClip = 1e-15;

    /// <summary>Computes the metrics.</summary>
    /// <param name="classLabels">All classes, in the order of the probability vectors; at least two, distinct.</param>
    /// <param name="actual">The true label of each pair; each one of <paramref name="classLabels"/>.</param>
    /// <param name="predicted">The predicted label of each pair; each one of <paramref name="classLabels"/>.</param>
    /// <param name="probabilities">
    /// Empty, or the predicted probability of every class for every pair, row by row:
    /// <c>probabilities[i * classLabels.Count + c]</c> is pair i's probability of <c>classLabels[c]</c>.
    /// </param>
    /// <param name="average">How per-class scores are combined when there are three or more classes.</param>
    /// <param name="positiveLabel">
    /// The positive class when there are two; by default <c>classLabels[1]</c>, matching scikit-learn's
    /// <c>pos_label=1</c> for labels 0 and 1. Ignored for three or more classes.
    /// </param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">No pairs (an empty window has no metrics: the caller reports it as
    /// such), lengths that do not match, a label outside <paramref name="classLabels"/>, or a probability that
    /// is negative or not finite.</exception>
    public static ClassificationMetrics Compute(
        IReadOnlyList<string> classLabels,
        ReadOnlySpan<string> actual,
        ReadOnlySpan<string> predicted,
        ReadOnlySpan<double> probabilities = default,
        MetricAverage average = MetricAverage.Macro,
        string? positiveLabel = null)
    {
        var input = ClassificationInput.Create(classLabels, actual, predicted, probabilities, positiveLabel);
        var k = classLabels.Count;
        var n = input.Actual.Length;
        var truePositives = new long[k];
        var trueCounts = new long[k];
        var predictedCounts = new long[k];
        long correct = 0;
        for (var i = 0; i < n; i++)
        {
            trueCounts[input.Actual[i]]++;
            predictedCounts[input.Predicted[i]]++;
            if (input.Actual[i] == input.Predicted[i])
            {
                truePositives[input.Actual[i]]++;
                correct++;
            }
        }

        var accuracy = (double)correct / n;
        double precision, recall, f1;
        MetricAverage? used = null;
        if (k == 2)
        {
            var p = input.Positive;
            (precision, recall, f1) = Scores(truePositives[p], predictedCounts[p], trueCounts[p]);
        }
        else if (average == MetricAverage.Micro)
        {
            (precision, recall, f1, used) = (accuracy, accuracy, accuracy, average);
        }
        else
        {
            (precision, recall, f1) = Averaged(truePositives, predictedCounts, trueCounts, average, n);
            used = average;
        }

        var auc = probabilities.IsEmpty ? null : MeanRocAuc(input, probabilities, k, trueCounts);
        double? logLoss = probabilities.IsEmpty ? null : MeanLogLoss(input.Actual, probabilities, k);
        return new ClassificationMetrics(n, accuracy, precision, recall, f1, auc, logLoss, used);
    }

    private static (double Precision, double Recall, double F1) Scores(long truePositives, long predicted, long actual) =>
        (Ratio(truePositives, predicted), Ratio(truePositives, actual), Ratio(2 * truePositives, predicted + actual));

    private static (double Precision, double Recall, double F1) Averaged(
        long[] truePositives, long[] predictedCounts, long[] trueCounts, MetricAverage average, int n)
    {
        double precision = 0, recall = 0, f1 = 0, totalWeight = 0;
        for (var c = 0; c < truePositives.Length; c++)
        {
            // As scikit-learn without labels=: only classes seen as a label or a prediction take part.
            if (trueCounts[c] == 0 && predictedCounts[c] == 0)
            {
                continue;
            }

            var weight = average == MetricAverage.Weighted ? (double)trueCounts[c] / n : 1.0;
            var (p, r, f) = Scores(truePositives[c], predictedCounts[c], trueCounts[c]);
            precision += weight * p;
            recall += weight * r;
            f1 += weight * f;
            totalWeight += weight;
        }

        // Weighted weights already sum to 1 over the classes with support.
        var divisor = average == MetricAverage.Weighted ? 1.0 : totalWeight;
        return (precision / divisor, recall / divisor, f1 / divisor);
    }

    private static double? MeanRocAuc(ClassificationInput input, ReadOnlySpan<double> probabilities, int k, long[] trueCounts)
    {
        if (Array.IndexOf(trueCounts, 0L) >= 0)
        {
            return null;
        }

        var n = input.Actual.Length;
        var scores = new double[n];
        var positive = new bool[n];
        var classes = k == 2 ? [input.Positive] : Enumerable.Range(0, k).ToArray();
        double sum = 0;
        foreach (var c in classes)
        {
            for (var i = 0; i < n; i++)
            {
                scores[i] = probabilities[(i * k) + c];
                positive[i] = input.Actual[i] == c;
            }

            sum += MannWhitneyAuc.Compute(scores, positive)!.Value;
        }

        return sum / classes.Length;
    }

    private static double MeanLogLoss(int[] actual, ReadOnlySpan<double> probabilities, int k)
    {
        double total = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var row = probabilities.Slice(i * k, k);
            double rowSum = 0;
            foreach (var p in row)
            {
                rowSum += Math.Clamp(p, ProbabilityClip, 1 - ProbabilityClip);
            }

            total -= Math.Log(Math.Clamp(row[actual[i]], ProbabilityClip, 1 - ProbabilityClip) / rowSum);
        }

        return total / actual.Length;
    }

    private static double Ratio(long numerator, long denominator) =>
        denominator == 0 ? 0.0 : (double)numerator / denominator;
}
