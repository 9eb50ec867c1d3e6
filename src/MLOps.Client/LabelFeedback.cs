namespace MLOps.Client;

/// <summary>
/// Ground truth for one earlier prediction: a class (classification) or a value (regression), for the
/// prediction the inference answer's <see cref="InferenceResult.Id"/> names (and its row, in a batched request).
/// </summary>
/// <param name="PredictionId">The inference answer's id.</param>
/// <param name="Label">The true class, for classification; null for regression.</param>
/// <param name="Value">The true value, for regression; null for classification.</param>
/// <param name="Row">The row within a batched request (default 0).</param>
public sealed record LabelFeedback(string PredictionId, string? Label = null, double? Value = null, int Row = 0)
{
    /// <summary>The true class of a classification.</summary>
    public static LabelFeedback ForClass(string predictionId, string label, int row = 0) => new(predictionId, label, null, row);

    /// <summary>The true value of a regression.</summary>
    public static LabelFeedback ForValue(string predictionId, double value, int row = 0) => new(predictionId, null, value, row);
}
