using MLOps.Contracts;
using MLOps.Storage.Deployments;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.Monitoring;

/// <summary>Label feedback for a deployment's earlier predictions, checked the same way for REST and GraphQL.</summary>
public sealed class FeedbackService(DeploymentStore deployments, PredictionLogStore predictions, TimeProvider time)
{
    public const int MaxLabelsPerCall = 10_000;
    public const int MaxIdLength = 256;
    public const int MaxLabelLength = 1_000;

    public async Task<FeedbackOutcome> SubmitAsync(string deployment, IReadOnlyList<LabelFeedback> labels, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count is 0 or > MaxLabelsPerCall)
        {
            throw new MLOpsException(labels.Count == 0 ? ErrorCodes.Validation : ErrorCodes.LimitExceeded,
                $"Send 1 to {MaxLabelsPerCall} labels per call; this call had {labels.Count}.");
        }

        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (string.IsNullOrEmpty(label.PredictionId) || label.PredictionId.Length > MaxIdLength)
            {
                throw MLOpsException.Invalid($"Label {i} needs the prediction's id (the inference response's id), at most {MaxIdLength} characters.");
            }

            if (label.RowIndex is < 0 or > 1_000_000)
            {
                throw MLOpsException.Invalid($"Label {i} ('{label.PredictionId}') has row {label.RowIndex}; rows count from 0 within the request.");
            }

            if ((label.Label is null) == (label.Value is null) || (label.Value is { } v && !double.IsFinite(v)))
            {
                throw MLOpsException.Invalid($"Label {i} ('{label.PredictionId}') needs exactly one of label (a class) or value (a finite number).");
            }

            if (label.Label is { Length: > MaxLabelLength })
            {
                throw MLOpsException.Invalid($"Label {i} ('{label.PredictionId}') is longer than {MaxLabelLength} characters.");
            }
        }

        if (await deployments.GetAsync(deployment, ct) is null)
        {
            throw MLOpsException.NotFound($"No deployment is named '{deployment}'.");
        }

        return await predictions.SetLabelsAsync(deployment, labels, time.GetUtcNow(), ct);
    }
}
