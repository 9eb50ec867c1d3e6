using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace MLOps.Bench;

/// <summary>
/// The baseline: ONNX Runtime in this process, one thread, intra-op threads 1 (as the server's sessions are
/// configured), no HTTP, no JSON, no batcher.
/// </summary>
internal sealed class RawOnnxBenchmark : IDisposable
{
    private readonly BenchModel _model;
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = [BenchModel.OutputTensor];

    public RawOnnxBenchmark(BenchModel model)
    {
        _model = model;
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model.Bytes, _options);
        _inputNames = [model.InputName];
    }

    /// <summary>(1) One Run per single-row request, back to back on one thread.</summary>
    public Measurement SingleRow(float[][] rows, BenchOptions options) =>
        Measure("onnx 1 row/run", rows, batch: 1, options);

    /// <summary>(2) Full batches: <paramref name="batch"/> rows per Run, the best the batcher could reach.</summary>
    public Measurement Batched(float[][] rows, int batch, BenchOptions options) =>
        Measure($"onnx {batch} rows/run", rows, batch, options);

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
        _options.Dispose();
    }

    private Measurement Measure(string scenario, float[][] rows, int batch, BenchOptions options)
    {
        var features = _model.Features;
        var input = new float[batch * features];
        long[] shape = [batch, features];
        var next = 0;
        var checksum = 0f;

        // Stacking rows into the input and copying the outputs out are part of every request, as in a server.
        float RunOnce()
        {
            for (var r = 0; r < batch; r++)
            {
                rows[next++ % rows.Length].CopyTo(input, r * features);
            }

            using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var outputs = _session.Run(_runOptions, _inputNames, [value], _outputNames);
            var result = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            return result[0];
        }

        var warmupEnd = Stopwatch.GetTimestamp() + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmupEnd)
        {
            checksum += RunOnce();
        }

        var samples = new List<long>(1 << 16);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var now = start;
        while (now < end)
        {
            checksum += RunOnce();
            var after = Stopwatch.GetTimestamp();
            samples.Add(after - now);
            now = after;
        }

        GC.KeepAlive(checksum);
        return Measurement.From(_model.Name, scenario, [samples], batch, Stopwatch.GetElapsedTime(start, now), errors: 0);
    }
}
