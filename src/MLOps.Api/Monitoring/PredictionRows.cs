using System.Buffers;
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

    // One writer per thread: the summary is built on the request thread, and a row's JSON is short-lived.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static IEnumerable<PredictionRecord> Create(RouteMonitor monitor, InferenceRequest request, InferenceResponse response, DateTimeOffset at, bool serverId)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var spec = monitor.Spec;
        var layout = monitor.Layout;
        var target = spec.PredictionOutput is { } wanted ? layout.Outputs.FirstOrDefault(o => o.Name == wanted) : layout.Outputs.FirstOrDefault();
        var output = target is null ? null : TensorLookup.Output(response, target.Name);
        var rows = output is null || target is null ? 1 : output.Data.Length / target.Columns;
        var windowStart = DriftWindowKey.StartOf(at, spec.WindowSeconds);
        for (var row = 0; row < rows; row++)
        {
            var (predicted, value, scores) = output is null || target is null ? (null, null, null) : Predict(spec, target, output.Data, row);
            yield return new PredictionRecord(monitor.Deployment, response.Id ?? request.Id ?? string.Empty, row, monitor.ModelName, monitor.Version,
                at, windowStart, SummariseInputs(layout, request, row), predicted, value, scores, serverId);
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
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var json = _writer ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        json.WriteStartObject();
        var written = 0;
        foreach (var tensor in layout.Inputs)
        {
            if (TensorLookup.Input(request, tensor.Name) is not { } input)
            {
                continue;
            }

            var offset = row * tensor.Columns;
            for (var c = 0; c < tensor.Columns && written < SummarisedInputs; c++, written++)
            {
                var name = layout.Features[tensor.FirstFeature + c].Name;
                var index = offset + c;
                // Typed reads for the common element types: no boxing per value.
                switch (input.Data.Values)
                {
                    case float[] floats when index < floats.Length:
                        WriteNumber(json, name, floats[index]);
                        break;
                    case double[] doubles when index < doubles.Length:
                        WriteNumber(json, name, doubles[index]);
                        break;
                    case long[] longs when index < longs.Length:
                        json.WriteNumber(name, longs[index]);
                        break;
                    case int[] ints when index < ints.Length:
                        json.WriteNumber(name, ints[index]);
                        break;
                    default:
                        var value = index < input.Data.Length ? input.Data.Values.GetValue(index) : null;
                        if (TensorFolder.ToDouble(value) is { } number)
                        {
                            WriteNumber(json, name, number);
                        }
                        else
                        {
                            json.WriteString(name, TensorFolder.ToCategory(value));
                        }

                        break;
                }
            }

            if (written >= SummarisedInputs)
            {
                break;
            }
        }

        json.WriteEndObject();
        json.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
