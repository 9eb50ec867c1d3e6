using MLOps.Monitoring.Performance;

namespace MLOps.Monitoring.Tests.Performance;

public class ClassificationMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void BinaryMetricsMatchTheDirectFormulas()
    {
        string[] labels = ["no", "yes"];
        string[] actual = ["yes", "yes", "no", "no", "yes", "no", "yes", "no"];
        string[] predicted = ["yes", "no", "no", "yes", "yes", "no", "yes", "no"];
        double[] pYes = [0.9, 0.4, 0.2, 0.6, 0.8, 0.4, 0.7, 0.1];
        var probabilities = pYes.SelectMany(p => new[] { 1 - p, p }).ToArray();

        var metrics = ClassificationMetrics.Compute(labels, actual, predicted, probabilities);

        // TP = 3 (pairs 0, 4, 6), FP = 1 (pair 3), FN = 1 (pair 1), TN = 3.
        Assert.Equal(8, metrics.Count);
        Assert.Equal(6 / 8.0, metrics.Accuracy, Tolerance);
        Assert.Equal(3 / 4.0, metrics.Precision, Tolerance);
        Assert.Equal(3 / 4.0, metrics.Recall, Tolerance);
        Assert.Equal(2 * 0.75 * 0.75 / 1.5, metrics.F1, Tolerance);
        Assert.Equal(NaiveAuc(pYes, actual.Select(a => a == "yes").ToArray()), metrics.RocAuc!.Value, Tolerance);
        Assert.Equal(actual.Select((a, i) => -Math.Log(a == "yes" ? pYes[i] : 1 - pYes[i])).Average(), metrics.LogLoss!.Value, Tolerance);
        Assert.Null(metrics.Average);
    }

    [Fact]
    public void ThePositiveClassCanBeChosen()
    {
        string[] labels = ["spam", "ham"];
        var metrics = ClassificationMetrics.Compute(labels, ["spam", "spam", "ham"], ["spam", "ham", "ham"], positiveLabel: "spam");

        Assert.Equal(1.0, metrics.Precision, Tolerance);
        Assert.Equal(0.5, metrics.Recall, Tolerance);
    }

    [Fact]
    public void RocAucMatchesTheTextbookRanking()
    {
        // scikit-learn's roc_auc_score example: 3 of the 4 positive–negative pairs are ordered correctly.
        double[] scores = [0.1, 0.4, 0.35, 0.8];
        var probabilities = scores.SelectMany(p => new[] { 1 - p, p }).ToArray();

        var metrics = ClassificationMetrics.Compute(["0", "1"], ["0", "0", "1", "1"], ["0", "1", "0", "1"], probabilities);

        Assert.Equal(0.75, metrics.RocAuc!.Value, Tolerance);
    }

    [Theory]
    [InlineData(new[] { 0.1, 0.2, 0.8, 0.9 }, 1.0)]
    [InlineData(new[] { 0.9, 0.8, 0.2, 0.1 }, 0.0)]
    [InlineData(new[] { 0.5, 0.5, 0.5, 0.5 }, 0.5)]
    [InlineData(new[] { 0.2, 0.6, 0.6, 0.9 }, 0.875)]
    public void TiedScoresCountOneHalf(double[] scores, double expected)
    {
        var probabilities = scores.SelectMany(p => new[] { 1 - p, p }).ToArray();

        var metrics = ClassificationMetrics.Compute(["0", "1"], ["0", "0", "1", "1"], ["0", "0", "1", "1"], probabilities);

        Assert.Equal(expected, metrics.RocAuc!.Value, Tolerance);
    }

    [Fact]
    public void LogLossMatchesTheTextbookValue()
    {
        // scikit-learn's log_loss example; columns are in the order of the class labels (ham, spam).
        double[] probabilities = [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65];
        string[] actual = ["spam", "ham", "ham", "spam"];

        var metrics = ClassificationMetrics.Compute(["ham", "spam"], actual, ["spam", "ham", "ham", "spam"], probabilities);

        Assert.Equal(0.21616, metrics.LogLoss!.Value, 5e-6);
    }

    [Fact]
    public void LogLossClipsCertainWrongAnswersAndRenormalises()
    {
        // Row 1 is certain and wrong: clipped to 1e-15. Row 2 sums to 0.5 and is renormalised to (0.5, 0.5).
        var metrics = ClassificationMetrics.Compute(["a", "b"], ["a", "a"], ["b", "a"], [0.0, 1.0, 0.25, 0.25]);

        Assert.Equal((-Math.Log(1e-15) - Math.Log(0.5)) / 2, metrics.LogLoss!.Value, 1e-9);
    }

    [Fact]
    public void MulticlassAveragesMatchTheTextbookValues()
    {
        // scikit-learn's precision_score / recall_score / f1_score example.
        string[] labels = ["0", "1", "2"];
        string[] actual = ["0", "1", "2", "0", "1", "2"];
        string[] predicted = ["0", "2", "1", "0", "0", "1"];

        var macro = ClassificationMetrics.Compute(labels, actual, predicted);
        var weighted = ClassificationMetrics.Compute(labels, actual, predicted, average: MetricAverage.Weighted);
        var micro = ClassificationMetrics.Compute(labels, actual, predicted, average: MetricAverage.Micro);

        Assert.Equal(2 / 9.0, macro.Precision, Tolerance);
        Assert.Equal(1 / 3.0, macro.Recall, Tolerance);
        Assert.Equal(4 / 15.0, macro.F1, Tolerance);
        Assert.Equal(MetricAverage.Macro, macro.Average);
        Assert.Equal(2 / 9.0, weighted.Precision, Tolerance);
        Assert.Equal(4 / 15.0, weighted.F1, Tolerance);
        Assert.Equal(1 / 3.0, micro.Precision, Tolerance);
        Assert.Equal(1 / 3.0, micro.F1, Tolerance);
        Assert.Null(macro.RocAuc);
        Assert.Null(macro.LogLoss);
    }

    [Fact]
    public void MulticlassRocAucIsTheMeanOfOneVersusRestAreas()
    {
        string[] labels = ["a", "b", "c"];
        string[] actual = ["a", "b", "c", "a", "b", "c"];
        double[][] rows = [[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.5, 0.3], [0.4, 0.4, 0.2], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]];

        var metrics = ClassificationMetrics.Compute(labels, actual, actual, rows.SelectMany(r => r).ToArray());

        var expected = Enumerable.Range(0, 3)
            .Select(c => NaiveAuc(rows.Select(r => r[c]).ToArray(), actual.Select(a => a == labels[c]).ToArray()))
            .Average();
        Assert.Equal(expected, metrics.RocAuc!.Value, Tolerance);
    }

    [Fact]
    public void AClassAbsentFromTheLabelsLeavesRocAucUndefined()
    {
        var metrics = ClassificationMetrics.Compute(["0", "1"], ["1", "1"], ["1", "0"], [0.2, 0.8, 0.6, 0.4]);

        Assert.Null(metrics.RocAuc);
        Assert.NotNull(metrics.LogLoss);
    }

    [Fact]
    public void UndefinedRatiosAreZero()
    {
        // The positive class is never predicted nor present: precision, recall and F1 are 0/0.
        var metrics = ClassificationMetrics.Compute(["0", "1"], ["0", "0"], ["0", "0"]);

        Assert.Equal(1.0, metrics.Accuracy);
        Assert.Equal(0.0, metrics.Precision);
        Assert.Equal(0.0, metrics.Recall);
        Assert.Equal(0.0, metrics.F1);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        string[] labels = ["0", "1"];
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, [], []));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, ["0"], ["0", "1"]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, ["0"], ["2"]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, ["0"], ["1"], [0.5]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, ["0"], ["1"], [double.NaN, 0.5]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(["0"], ["0"], ["0"]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(["0", "0"], ["0"], ["0"]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(labels, ["0"], ["0"], positiveLabel: "x"));
    }

    // Every positive–negative pair, the positive ranked higher counting 1 and a tie 1/2.
    private static double NaiveAuc(double[] scores, bool[] positive)
    {
        double wins = 0;
        var pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (positive[i] && !positive[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return wins / pairs;
    }
}
