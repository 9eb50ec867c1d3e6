namespace MLOps.Storage.Monitoring;

/// <summary>Ground truth for one earlier prediction: a class label, or a value for regression.</summary>
public sealed record LabelFeedback(string PredictionId, int RowIndex, string? Label, double? Value);
