using System.Text.Json;
using MLOps.Contracts;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.Monitoring;

/// <summary>Reads a feedback body: an array of {"id", "row"?, "label" | "value"}, or {"labels": [...]}.</summary>
public static class FeedbackJson
{
    public static async Task<IReadOnlyList<LabelFeedback>> ReadAsync(Stream body, CancellationToken ct)
    {
        using var document = await JsonDocument.ParseAsync(body, default, ct);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("labels", out var wrapped))
        {
            root = wrapped;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw MLOpsException.Invalid("Send feedback as a JSON array of {\"id\": \"...\", \"label\": \"...\"} (or \"value\": 1.5 for regression).");
        }

        var labels = new List<LabelFeedback>();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                throw MLOpsException.Invalid($"Feedback item {index} needs \"id\": the inference response's id, as a string.");
            }

            var row = item.TryGetProperty("row", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var rowIndex) ? rowIndex : 0;
            string? label = null;
            if (item.TryGetProperty("label", out var l))
            {
                label = l.ValueKind switch
                {
                    JsonValueKind.String => l.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => l.GetRawText(),
                    _ => throw MLOpsException.Invalid($"Feedback item {index} has a label that is neither a string, a number nor a boolean."),
                };
            }

            double? value = item.TryGetProperty("value", out var v)
                ? v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw MLOpsException.Invalid($"Feedback item {index} has a value that is not a number.")
                : null;
            labels.Add(new LabelFeedback(id.GetString()!, row, label, value));
            index++;
        }

        return labels;
    }
}
