namespace MLOps.Storage.Monitoring;

/// <summary>One predicted row as the prediction log keeps it.</summary>
/// <param name="Deployment">The deployment that answered.</param>
/// <param name="PredictionId">The response's id.</param>
/// <param name="RowIndex">The row's index within the request's batch.</param>
/// <param name="ModelName">The model that answered.</param>
/// <param name="Version">Its version.</param>
/// <param name="PredictedAt">When the prediction was made.</param>
/// <param name="WindowStart">Start of the drift window the prediction fell in.</param>
/// <param name="Inputs">A summary of the row's inputs as a JSON object (the first features, by name).</param>
/// <param name="Predicted">The predicted class, for classification.</param>
/// <param name="PredictedValue">The predicted value, for regression (or the top score).</param>
/// <param name="Scores">The class scores the prediction came from, when the model gives them.</param>
/// <param name="ServerId">Whether the server generated the id (then it cannot collide with a logged one).</param>
public sealed record PredictionRecord(
    string Deployment,
    string PredictionId,
    int RowIndex,
    string ModelName,
    int Version,
    DateTimeOffset PredictedAt,
    DateTimeOffset WindowStart,
    string Inputs,
    string? Predicted,
    double? PredictedValue,
    float[]? Scores,
    bool ServerId = false);
