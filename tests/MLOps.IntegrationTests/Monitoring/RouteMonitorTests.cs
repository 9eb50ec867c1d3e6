using MLOps.Api.Monitoring;
using MLOps.Contracts.Monitoring;
using MLOps.Inference.Onnx;
using MLOps.Inference.Protocol;

namespace MLOps.IntegrationTests.Monitoring;

/// <summary>
/// A replica's fold of one route into window profiles, on its own: folds from many threads while the flusher takes
/// partials lose no row and count none twice, and a window left idle after a flush holds no profile in memory.
/// </summary>
public sealed class RouteMonitorTests
{
    private const int Columns = 4;
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FoldsRacingTheFlusherAreEachTakenExactlyOnce()
    {
        var monitor = NewMonitor();
        const int Threads = 4;
        const int RowsPerThread = 5_000;
        long takenRows = 0, takenRequests = 0;
        var folding = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < RowsPerThread; i++)
            {
                var (request, response) = Served(t + (i * 0.001));
                monitor.Fold(Noon.AddSeconds(1), request, response, latencyMilliseconds: 1);
            }
        })).ToArray();

        void Take()
        {
            foreach (var (start, profile) in monitor.TakePartials())
            {
                Assert.Equal(Noon, start);
                takenRows += profile.Count;
                takenRequests += profile.RequestCount;
            }
        }

        while (!folding.All(f => f.IsCompleted))
        {
            Take();
            await Task.Delay(1);
        }

        await Task.WhenAll(folding);
        Take();
        Assert.Equal(Threads * RowsPerThread, takenRows);
        Assert.Equal(Threads * RowsPerThread, takenRequests);
    }

    [Fact]
    public void AnIdleWindowHasNothingToTakeUntilTheNextFold()
    {
        var monitor = NewMonitor();
        Assert.Empty(monitor.TakePartials());
        Assert.Equal(0, monitor.HeldProfiles);

        var (request, response) = Served(1.5);
        monitor.Fold(Noon, request, response, latencyMilliseconds: 2);
        monitor.Fold(Noon, request, null, latencyMilliseconds: 3);
        Assert.Equal(1, monitor.HeldProfiles);
        var (start, first) = Assert.Single(monitor.TakePartials());
        Assert.Equal(Noon, start);
        Assert.Equal((1L, 2L, 1L), (first.Count, first.RequestCount, first.FailedRequestCount));

        // Taken once, and nothing is kept for an idle window: its flushes find nothing, and the next fold starts a
        // new partial.
        Assert.Equal(0, monitor.HeldProfiles);
        Assert.Empty(monitor.TakePartials());
        Assert.Empty(monitor.TakePartials());
        monitor.Fold(Noon.AddSeconds(30), request, response, latencyMilliseconds: 2);
        Assert.Equal(1, monitor.HeldProfiles);
        var (_, second) = Assert.Single(monitor.TakePartials());
        Assert.Equal((1L, 1L), (second.Count, second.RequestCount));
    }

    private static RouteMonitor NewMonitor()
    {
        var layout = FeatureLayout.Create([new OnnxTensorSpec("input", "FP32", [-1, Columns])], [new OnnxTensorSpec("output", "FP32", [-1, 2])]);
        return new RouteMonitor("route-test", "model", 1, "key", layout, reference: null, new MonitoringSpec(WindowSeconds: 60));
    }

    private static (InferenceRequest Request, InferenceResponse Response) Served(double value)
    {
        var row = Enumerable.Range(0, Columns).Select(c => (float)(value + c)).ToArray();
        var request = new InferenceRequest(null, [new InferInputTensor("input", [1, Columns], "FP32", new TensorData(row))]);
        var response = new InferenceResponse("model", "1", null, [new InferOutputTensor("output", [1, 2], "FP32", new TensorData(new[] { 0.25f, 0.75f }))]);
        return (request, response);
    }
}
