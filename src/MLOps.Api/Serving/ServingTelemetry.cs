using System.Diagnostics;
using System.Diagnostics.Metrics;
using MLOps.Inference.Batching;

namespace MLOps.Api.Serving;

/// <summary>
/// Serving metrics in the shape Triton reports them, per model and version: request success and failure,
/// inference count (rows) and execution count (ONNX Runtime runs, so rows / executions is the mean batch
/// size), and queue, compute and end-to-end latency histograms; plus one span per request with model,
/// version and batch size.
/// </summary>
public sealed class ServingTelemetry : IBatchObserver, IDisposable
{
    public const string Name = "MLOps.Serving";

    private static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter = new(Name);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _inferences;
    private readonly Counter<long> _executions;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queue;
    private readonly Histogram<double> _compute;

    public ServingTelemetry()
    {
        _requests = _meter.CreateCounter<long>("mlops.inference.requests", description: "Inference requests by outcome (success, failure).");
        _inferences = _meter.CreateCounter<long>("mlops.inference.count", description: "Rows inferred (batch rows of successful requests).");
        _executions = _meter.CreateCounter<long>("mlops.inference.executions", description: "ONNX Runtime runs; inference count / executions is the mean batch size.");
        _duration = _meter.CreateHistogram<double>("mlops.inference.duration", "ms", "End-to-end request latency, from body read to response written.");
        _queue = _meter.CreateHistogram<double>("mlops.inference.queue.duration", "ms", "Time a request waited in the batcher's queue for an instance and for company.");
        _compute = _meter.CreateHistogram<double>("mlops.inference.compute.duration", "ms", "Time of the ONNX Runtime execution a request was part of, inputs in to outputs out.");
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

    /// <inheritdoc/>
    public void Dequeued(string modelName, string? version, TimeSpan queued) =>
        _queue.Record(queued.TotalMilliseconds, new TagList { { "model", modelName }, { "version", version } });

    /// <inheritdoc/>
    public void Executed(string modelName, string? version, int requests, long rows, TimeSpan compute)
    {
        var tags = new TagList { { "model", modelName }, { "version", version } };
        _executions.Add(1, tags);

        // Per request, as Triton accumulates compute time: every member of the batch waited for this run.
        for (var i = 0; i < requests; i++)
        {
            _compute.Record(compute.TotalMilliseconds, tags);
        }
    }

    public void Dispose() => _meter.Dispose();
}
