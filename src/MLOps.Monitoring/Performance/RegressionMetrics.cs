namespace MLOps.Monitoring.Performance;

/// <summary>Error metrics of a regression model over one window of joined (actual, predicted) pairs.</summary>
/// <param name="Count">The number of pairs.</param>
/// <param name="MeanAbsoluteError">The mean of |actual − predicted|.</param>
/// <param name="RootMeanSquaredError">The square root of the mean of (actual − predicted)².</param>
/// <param name="RSquared">
/// The coefficient of determination, 1 − SS_res / SS_tot. As scikit-learn's <c>r2_score</c> (with its default
/// <c>force_finite=True</c>): when every actual value is the same it is 1.0 for perfect predictions and 0.0
/// otherwise (constancy is tested on the values themselves, not on a rounded SS_tot). Null with fewer than two pairs, where scikit-learn returns NaN: R² is not defined there.
/// </param>
public sealed record RegressionMetrics(int Count, double MeanAbsoluteError, double RootMeanSquaredError, double? RSquared)
{
    /// <summary>Computes the metrics.</summary>
    /// <param name="actual">The observed values; finite.</param>
    /// <param name="predicted">The predictions, pair by pair with <paramref name="actual"/>; finite.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths, or hold a value that is
    /// not finite. An empty window has no metrics: the caller reports it as such.</exception>
    public static RegressionMetrics Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException(
                $"There are {actual.Length} actual values but {predicted.Length} predictions; they must pair up.", nameof(predicted));
        }

        if (actual.IsEmpty)
        {
            throw new ArgumentException("At least one (actual, predicted) pair is needed.", nameof(actual));
        }

        double sum = 0;
        var constant = true;
        for (var i = 0; i < actual.Length; i++)
        {
            if (!double.IsFinite(actual[i]) || !double.IsFinite(predicted[i]))
            {
                throw new ArgumentException(
                    $"Pair {i} is ({actual[i]}, {predicted[i]}); every value must be a finite number.", nameof(actual));
            }

            sum += actual[i];
            constant &= actual[i] == actual[0];
        }

        var mean = sum / actual.Length;
        double absolute = 0, squared = 0, total = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var error = actual[i] - predicted[i];
            absolute += Math.Abs(error);
            squared += error * error;
            total += (actual[i] - mean) * (actual[i] - mean);
        }

        double? rSquared = actual.Length < 2 ? null
            : !constant ? 1 - (squared / total)
            : squared == 0 ? 1.0 : 0.0;
        return new RegressionMetrics(actual.Length, absolute / actual.Length, Math.Sqrt(squared / actual.Length), rSquared);
    }
}
