namespace MLOps.Storage.Monitoring;

/// <summary>A logged prediction joined with its ground truth.</summary>
public sealed record LabelledPrediction(string? Predicted, double? PredictedValue, float[]? Scores, string? Label, double? LabelValue);
