using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using MLOps.Inference.Protocol;

namespace MLOps.Api.Serving;

/// <summary>
/// Sends copies of requests to shadow routes off the request path: their answers are discarded, their outcome
/// and latency recorded; a failing or slow shadow never touches the primary answer.
/// </summary>
public sealed class ShadowRunner : IDisposable
{
    public const string MeterName = "MLOps.Serving";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _latency;
    private long _succeeded;
    private long _failed;

    public ShadowRunner()
    {
        _requests = _meter.CreateCounter<long>("mlops.shadow.requests", description: "Shadow requests by outcome.");
        _latency = _meter.CreateHistogram<double>("mlops.shadow.duration", "ms", "Shadow request latency.");
    }

    /// <summary>Shadow requests that succeeded and failed since start, for tests and diagnostics.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    public long Failed => Interlocked.Read(ref _failed);

    public void Start(string deployment, ResolvedRoute shadow, InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(shadow);
        _ = Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = "success";
            try
            {
                await shadow.Model.InferAsync(request, deployment, shadow.Version.ToString(CultureInfo.InvariantCulture), DateTimeOffset.UtcNow);
                Interlocked.Increment(ref _succeeded);
            }
#pragma warning disable CA1031 // A shadow must never fail anything: every failure is counted and dropped.
            catch (Exception)
#pragma warning restore CA1031
            {
                outcome = "failure";
                Interlocked.Increment(ref _failed);
            }

            var tags = new TagList { { "deployment", deployment }, { "model", shadow.Spec.ModelName }, { "version", shadow.Version }, { "outcome", outcome } };
            _requests.Add(1, tags);
            _latency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        });
    }

    public void Dispose() => _meter.Dispose();
}
