using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MLOps.Api.Serving;

/// <summary>
/// Serving metrics in the shape Triton reports them, per model and version: request success and failure,
/// inference count (rows) and execution count (ONNX Runtime runs, so rows / executions is the mean batch
/// size), and end-to-end latency; plus one span per request with model, version and batch size.
/// </summary>
public sealed class ServingTelemetry : IDisposable
{
    public const string Name = "MLOps.Serving";

    private static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter = new(Name);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _inferences;
    private readonly Histogram<double> _duration;

    public ServingTelemetry(ServedModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        _requests = _meter.CreateCounter<long>("mlops.inference.requests", description: "Inference requests by outcome (success, failure).");
        _inferences = _meter.CreateCounter<long>("mlops.inference.count", description: "Rows inferred (batch rows of successful requests).");
        _duration = _meter.CreateHistogram<double>("mlops.inference.duration", "ms", "End-to-end request latency, from body read to response written.");
        _meter.CreateObservableCounter("mlops.inference.executions", () => models.Loaded.Select(m =>
            new Measurement<long>(m.Batcher.Executions, new KeyValuePair<string, object?>("model.key", m.Key))), description: "ONNX Runtime runs.");
    }

    public static Activity? StartRequest(string name, string? version)
    {
        var activity = Source.StartActivity("infer " + name, ActivityKind.Internal);
        activity?.SetTag("mlops.model.name", name);
        activity?.SetTag("mlops.model.version", version);
        return activity;
    }

    public void Record(Activity? activity, string model, string? version, bool success, long rows, TimeSpan elapsed)
    {
        var tags = new TagList { { "model", model }, { "version", version }, { "outcome", success ? "success" : "failure" } };
        _requests.Add(1, tags);
        if (success)
        {
            _inferences.Add(rows, new TagList { { "model", model }, { "version", version } });
        }

        _duration.Record(elapsed.TotalMilliseconds, tags);
        activity?.SetTag("mlops.batch.rows", rows);
        activity?.SetStatus(success ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
    }

    public void Dispose() => _meter.Dispose();
}
