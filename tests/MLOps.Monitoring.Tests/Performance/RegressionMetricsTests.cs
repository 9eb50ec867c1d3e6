using MLOps.Monitoring.Performance;

namespace MLOps.Monitoring.Tests.Performance;

public class RegressionMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void MetricsMatchTheDirectFormulas()
    {
        double[] actual = [3, -0.5, 2, 7];
        double[] predicted = [2.5, 0.0, 2, 8];

        var metrics = RegressionMetrics.Compute(actual, predicted);

        var mean = actual.Average();
        var ssRes = actual.Zip(predicted, (a, p) => (a - p) * (a - p)).Sum();
        var ssTot = actual.Sum(a => (a - mean) * (a - mean));
        Assert.Equal(4, metrics.Count);
        Assert.Equal(actual.Zip(predicted, (a, p) => Math.Abs(a - p)).Average(), metrics.MeanAbsoluteError, Tolerance);
        Assert.Equal(Math.Sqrt(ssRes / 4), metrics.RootMeanSquaredError, Tolerance);
        Assert.Equal(1 - (ssRes / ssTot), metrics.RSquared!.Value, Tolerance);

        // scikit-learn's documented values for this example: MAE 0.5, MSE 0.375, R² 0.948...
        Assert.Equal(0.5, metrics.MeanAbsoluteError, Tolerance);
        Assert.Equal(Math.Sqrt(0.375), metrics.RootMeanSquaredError, Tolerance);
        Assert.Equal(0.9486081370449679, metrics.RSquared.Value, 1e-12);
    }

    [Fact]
    public void ConstantActualValuesGiveOneForPerfectPredictionsElseZero()
    {
        Assert.Equal(1.0, RegressionMetrics.Compute([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]).RSquared);
        Assert.Equal(0.0, RegressionMetrics.Compute([0.1, 0.1, 0.1], [0.1, 0.2, 0.1]).RSquared);
    }

    [Fact]
    public void ASinglePairHasNoRSquared()
    {
        var metrics = RegressionMetrics.Compute([2.0], [5.0]);

        Assert.Equal(1, metrics.Count);
        Assert.Equal(3.0, metrics.MeanAbsoluteError);
        Assert.Equal(3.0, metrics.RootMeanSquaredError);
        Assert.Null(metrics.RSquared);
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([], []));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1.0], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1.0, double.NaN], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Compute([1.0], [double.PositiveInfinity]));
    }
}
