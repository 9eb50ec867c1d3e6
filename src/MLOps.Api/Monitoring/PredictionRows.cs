using System.Globalization;
using System.Text;
using System.Text.Json;
using MLOps.Contracts.Monitoring;
using MLOps.Inference.Protocol;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.Monitoring;

/// <summary>
/// Turns an answered request into prediction-log rows, one per predicted row. The prediction comes from the
/// spec's prediction output (else the model's first tabular output): for classification, several columns are
/// class scores (the prediction is the top class), one integer or string column is the class itself and one
/// float column is the positive class's probability; for regression it is the value.
/// </summary>
public static class PredictionRows
{
    /// <summary>How many input features the log keeps per row, by name.</summary>
    public const int SummarisedInputs = 16;

    public static IEnumerable<PredictionRecord> Create(RouteMonitor monitor, InferenceRequest request, InferenceResponse response, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var spec = monitor.Spec;
        var layout = monitor.Layout;
        var target = spec.PredictionOutput is { } wanted ? layout.Outputs.FirstOrDefault(o => o.Name == wanted) : layout.Outputs.FirstOrDefault();
        var output = target is null ? null : response.Outputs.FirstOrDefault(o => o.Name == target.Name);
        var rows = output is null || target is null ? 1 : output.Data.Length / target.Columns;
        var windowStart = DriftWindowKey.StartOf(at, spec.WindowSeconds);
        for (var row = 0; row < rows; row++)
        {
            var (predicted, value, scores) = output is null || target is null ? (null, null, null) : Predict(spec, target, output.Data, row);
            yield return new PredictionRecord(monitor.Deployment, response.Id ?? request.Id ?? string.Empty, row, monitor.ModelName, monitor.Version,
                at, windowStart, SummariseInputs(layout, request, row), predicted, value, scores);
        }
    }

    private static (string? Predicted, double? Value, float[]? Scores) Predict(MonitoringSpec spec, TensorColumns target, TensorData data, int row)
    {
        var offset = row * target.Columns;
        var values = data.Values;
        if (spec.Task == MonitoringTasks.Classification)
        {
            if (target.Columns > 1)
            {
                var scores = new float[target.Columns];
                var best = 0;
                for (var c = 0; c < target.Columns; c++)
                {
                    scores[c] = (float)(TensorFolder.ToDouble(values.GetValue(offset + c)) ?? double.NaN);
                    best = scores[c] > scores[best] ? c : best;
                }

                return (ClassName(spec, best), scores[best], scores);
            }

            var single = values.GetValue(offset);
            if (single is float or double)
            {
                var p = TensorFolder.ToDouble(single)!.Value;
                return (ClassName(spec, p >= 0.5 ? 1 : 0), p, [(float)(1 - p), (float)p]);
            }

            var label = TensorFolder.ToCategory(single);
            return (TensorFolder.ToDouble(single) is { } index && spec.ClassLabels is { } names && index >= 0 && index < names.Count
                ? names[(int)index] : label, null, null);
        }

        return (null, TensorFolder.ToDouble(values.GetValue(offset)), null);
    }

    private static string ClassName(MonitoringSpec spec, int index) =>
        spec.ClassLabels is { } names && index < names.Count ? names[index] : index.ToString(CultureInfo.InvariantCulture);

    private static string SummariseInputs(FeatureLayout layout, InferenceRequest request, int row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            var written = 0;
            foreach (var tensor in layout.Inputs)
            {
                var input = request.Inputs.FirstOrDefault(i => i.Name == tensor.Name);
                if (input is null)
                {
                    continue;
                }

                for (var c = 0; c < tensor.Columns && written < SummarisedInputs; c++, written++)
                {
                    var index = (row * tensor.Columns) + c;
                    var name = layout.Features[tensor.FirstFeature + c].Name;
                    var value = index < input.Data.Length ? input.Data.Values.GetValue(index) : null;
                    if (TensorFolder.ToDouble(value) is { } number && double.IsFinite(number))
                    {
                        json.WriteNumber(name, number);
                    }
                    else
                    {
                        json.WriteString(name, TensorFolder.ToCategory(value));
                    }
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
