using MLOps.Inference.Batching;
using MLOps.Inference.Protocol;
using MLOps.Inference.Sessions;
using MLOps.Inference.Tests.Onnx;
using MLOps.Inference.Tests.Sessions;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Batching;

public sealed class DynamicBatcherTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ConcurrentSingleRowRequestsAreBatchedAndEachGetsItsOwnRow()
    {
        var model = OnnxTestModels.Linear(4, 3, seed: 9);
        using var file = new TemporaryModelFile(model.ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(32, TimeSpan.FromMilliseconds(100)));
        var rows = SessionRows.Make(64, 4);

        var responses = await Task.WhenAll(rows.Select((row, i) =>
            batcher.InferAsync(SessionRows.Request([row], id: $"r-{i}"), "linear", "1", CancellationToken.None)));

        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal($"r-{i}", responses[i].Id);
            Assert.Equal("linear", responses[i].ModelName);
            var output = Assert.Single(responses[i].Outputs);
            Assert.Equal([1L, 3L], output.Shape);
            SessionRows.AssertClose(model.Predict(rows[i]), output.Data.As<float>());
        }

        Assert.Equal(64, batcher.Requests);
        Assert.Equal(64, batcher.Rows);
        Assert.True(batcher.Executions < batcher.Requests, $"{batcher.Executions} executions for {batcher.Requests} requests.");
    }

    [Fact]
    public async Task MultiRowRequestsAreMergedAndEachGetsItsOwnRowsBack()
    {
        var model = OnnxTestModels.Linear(4, 3, seed: 4);
        using var file = new TemporaryModelFile(model.ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(5, Long));
        var first = SessionRows.Make(3, 4, seed: 1);
        var second = SessionRows.Make(2, 4, seed: 2);

        var responses = await Task.WhenAll(
            batcher.InferAsync(SessionRows.Request(first), "m", null),
            batcher.InferAsync(SessionRows.Request(second), "m", null));

        Assert.Equal(1, batcher.Executions);
        Assert.Equal(5, batcher.Rows);
        Assert.Equal([3L, 3L], responses[0].Outputs[0].Shape);
        Assert.Equal([2L, 3L], responses[1].Outputs[0].Shape);
        SessionRows.AssertClose([.. first.SelectMany(model.Predict)], responses[0].Outputs[0].Data.As<float>());
        SessionRows.AssertClose([.. second.SelectMany(model.Predict)], responses[1].Outputs[0].Data.As<float>());
    }

    [Fact]
    public async Task AFixedBatchModelRunsEveryRequestAlone()
    {
        var model = OnnxTestModels.Linear(4, 3, dynamicBatch: false);
        using var file = new TemporaryModelFile(model.ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(32, Long));
        var rows = SessionRows.Make(8, 4);

        var responses = await Task.WhenAll(rows.Select(row => batcher.InferAsync(SessionRows.Request([row]), "m", null)));

        Assert.Equal(8, batcher.Executions);
        Assert.Equal(0, batcher.BatchedExecutions);
        for (var i = 0; i < rows.Length; i++)
        {
            SessionRows.AssertClose(model.Predict(rows[i]), responses[i].Outputs[0].Data.As<float>());
        }
    }

    [Fact]
    public async Task ABatchRunsAsSoonAsItIsFullWithoutWaitingOutTheDelay()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(4, Long));
        var rows = SessionRows.Make(4, 4);

        await Task.WhenAll(rows.Select(row => batcher.InferAsync(SessionRows.Request([row]), "m", null)));

        Assert.Equal(1, batcher.Executions);
        Assert.Equal(4, batcher.Rows);
    }

    [Fact]
    public async Task ALoneRequestRunsOnceTheQueueDelayPassesWithoutCompany()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(1000, TimeSpan.FromMilliseconds(20)));

        await batcher.InferAsync(SessionRows.Request(SessionRows.Make(1, 4)), "m", null);
        await batcher.InferAsync(SessionRows.Request(SessionRows.Make(1, 4)), "m", null);

        Assert.Equal(2, batcher.Executions);
        Assert.Equal(0, batcher.BatchedExecutions);
    }

    [Fact]
    public async Task ARequestWithADifferentTrailingShapeIsNotMerged()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Identity("FP32", -1, -1));
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(2, TimeSpan.FromMilliseconds(50)));

        var three = batcher.InferAsync(Identity(1f, 3), "m", null);
        var four = batcher.InferAsync(Identity(2f, 4), "m", null);
        var threeAgain = batcher.InferAsync(Identity(3f, 3), "m", null);
        var responses = await Task.WhenAll(three, four, threeAgain);

        Assert.Equal([1f, 1f, 1f], responses[0].Outputs[0].Data.As<float>());
        Assert.Equal([2f, 2f, 2f, 2f], responses[1].Outputs[0].Data.As<float>());
        Assert.Equal([1L, 4L], responses[1].Outputs[0].Shape);
        Assert.Equal([3f, 3f, 3f], responses[2].Outputs[0].Data.As<float>());
        Assert.Equal(2, batcher.Executions);
        Assert.Equal(1, batcher.BatchedExecutions);
    }

    [Fact]
    public async Task ABadRequestFailsAloneWithItsOwnError()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(2, Long));
        var bad = new InferenceRequest(null, [new InferInputTensor("input", [1, 5], "FP32", new TensorData(new float[5]))]);

        var error = await Assert.ThrowsAsync<InferenceRequestException>(() => batcher.InferAsync(bad, "m", null));

        Assert.StartsWith("Input 'input' has dimension 1 of 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingAQueuedRequestRemovesItBeforeItRuns()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        var batcher = new DynamicBatcher(session, new BatchingSettings(32, Long));
        using var cancellation = new CancellationTokenSource();

        var pending = batcher.InferAsync(SessionRows.Request(SessionRows.Make(1, 4)), "m", null, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await batcher.DisposeAsync();
        Assert.Equal(0, batcher.Executions);
    }

    [Fact]
    public async Task AnAlreadyCancelledRequestIsNotQueued()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => batcher.InferAsync(SessionRows.Request(SessionRows.Make(1, 4)), "m", null, new CancellationToken(canceled: true)));

        Assert.Equal(0, batcher.Executions);
    }

    [Fact]
    public async Task DisabledBatchingRunsEveryRequestAlone()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(32, Long, Enabled: false));

        await Task.WhenAll(SessionRows.Make(6, 4).Select(row => batcher.InferAsync(SessionRows.Request([row]), "m", null)));

        Assert.Equal(6, batcher.Executions);
    }

    [Fact]
    public async Task WithNoQueueDelayRequestsThatArriveWhileTheOnlyInstanceIsBusyRunAsOneBatch()
    {
        var model = OnnxTestModels.Linear(4, 3, seed: 12);
        using var file = new TemporaryModelFile(model.ToBytes());
        using var session = new ModelSession(file.ModelPath);
        using var gate = new GateObserver();
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(32, TimeSpan.Zero, Instances: 1), gate);
        var rows = SessionRows.Make(11, 4, seed: 3);

        // The first request takes the only instance at once (no delay; it runs on the calling thread, so it is
        // started on a thread of its own) and is held there by the observer.
        var first = Task.Run(() => batcher.InferAsync(SessionRows.Request([rows[0]]), "m", "1"));
        Assert.True(gate.Entered.Wait(TimeSpan.FromSeconds(10)), "The first request never started although an instance was free.");
        var waiting = rows.Skip(1).Select(row => batcher.InferAsync(SessionRows.Request([row]), "m", "1")).ToArray();
        gate.Release.Set();
        var responses = await Task.WhenAll([first, .. waiting]);

        Assert.Equal(2, batcher.Executions);
        Assert.Equal(1, batcher.BatchedExecutions);
        Assert.Equal(11, gate.Dequeues);
        Assert.Equal([1L, 10L], gate.Executions.Select(e => e.Rows).Order());
        for (var i = 0; i < rows.Length; i++)
        {
            SessionRows.AssertClose(model.Predict(rows[i]), responses[i].Outputs[0].Data.As<float>());
        }
    }

    [Fact]
    public async Task WithNoQueueDelayALoneRequestRunsAtOnceWithoutWaitingForTheDispatcher()
    {
        var model = OnnxTestModels.Linear(4, 3, seed: 14);
        using var file = new TemporaryModelFile(model.ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(32, TimeSpan.Zero));
        var row = SessionRows.Make(1, 4, seed: 8)[0];

        var pending = batcher.InferAsync(SessionRows.Request([row]), "m", "1");

        // Nothing queued and the instance free: it ran on this thread, so the task is complete on return.
        Assert.True(pending.IsCompletedSuccessfully);
        SessionRows.AssertClose(model.Predict(row), (await pending).Outputs[0].Data.As<float>());
        Assert.Equal(1, batcher.Executions);
    }

    [Fact]
    public async Task TheObserverSeesEveryRequestLeaveTheQueueAndEveryExecutionWithItsRows()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        using var observer = new GateObserver();
        observer.Release.Set();
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(8, TimeSpan.FromMilliseconds(5), Instances: 2), observer);

        await Task.WhenAll(SessionRows.Make(40, 4).Select(row => batcher.InferAsync(SessionRows.Request([row]), "obs", "7")));

        Assert.Equal(40, observer.Dequeues);
        Assert.Equal(40L, observer.Executions.Sum(e => e.Rows));
        Assert.Equal(40, observer.Executions.Sum(e => e.Requests));
        Assert.Equal(batcher.Executions, observer.Executions.Count);
        Assert.All(observer.Executions, e => Assert.InRange(e.Rows, 1, 8));
        Assert.All(observer.Executions, e => Assert.Equal(("obs", "7"), (e.Model, e.Version)));
    }

    [Fact]
    public async Task FollowUpsGetEachRequestsOwnAnswerOnceAfterTheCallerHasIt()
    {
        var model = OnnxTestModels.Linear(4, 3, seed: 9);
        using var file = new TemporaryModelFile(model.ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(32, TimeSpan.FromMilliseconds(100)));
        var rows = SessionRows.Make(16, 4);
        var followUps = rows.Select(_ => new RecordingFollowUp()).ToArray();

        var responses = await Task.WhenAll(rows.Select((row, i) =>
            followUps[i].Track(batcher.InferAsync(SessionRows.Request([row], id: $"r-{i}"), "linear", "1", CancellationToken.None, followUps[i]))));
        var outcomes = await Task.WhenAll(followUps.Select(f => f.Outcome));

        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Same(responses[i], outcomes[i]);
            Assert.Equal($"r-{i}", outcomes[i]!.Id);
            Assert.Equal(1, followUps[i].Calls);
            Assert.True(followUps[i].CallerHadItsAnswer);
        }

        Assert.True(batcher.Executions < batcher.Requests, $"{batcher.Executions} executions for {batcher.Requests} requests.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequestsRunAloneAreFollowedUpToo(bool batching)
    {
        // With batching on and no queue delay a lone request runs on the caller's thread; with it off, on the pool.
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        await using var batcher = new DynamicBatcher(session, new BatchingSettings(32, TimeSpan.Zero, Enabled: batching));
        var followUp = new RecordingFollowUp();

        var response = await batcher.InferAsync(SessionRows.Request(SessionRows.Make(2, 4)), "m", null, CancellationToken.None, followUp);

        Assert.Same(response, await followUp.Outcome.WaitAsync(Long));
        Assert.Equal(1, followUp.Calls);
    }

    [Fact]
    public async Task ACancelledRequestIsNotFollowedUp()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Linear(4, 3).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        var batcher = new DynamicBatcher(session, new BatchingSettings(32, Long));
        using var cancellation = new CancellationTokenSource();
        var followUp = new RecordingFollowUp();

        var pending = batcher.InferAsync(SessionRows.Request(SessionRows.Make(1, 4)), "m", null, cancellation.Token, followUp);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await batcher.DisposeAsync();
        Assert.Equal(0, followUp.Calls);
    }

    private static InferenceRequest Identity(float value, int width) => new(
        null, [new InferInputTensor("input", [1, width], "FP32", new TensorData(Enumerable.Repeat(value, width).ToArray()))]);

    /// <summary>Records what the batcher reports; the first execution waits at the gate until released.</summary>
    private sealed class GateObserver : IBatchObserver, IDisposable
    {
        private int _dequeues;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public int Dequeues => Volatile.Read(ref _dequeues);

        public System.Collections.Concurrent.ConcurrentQueue<(string Model, string? Version, int Requests, long Rows)> Executions { get; } = new();

        public void Dequeued(string modelName, string? version, TimeSpan queued)
        {
            Assert.True(queued >= TimeSpan.Zero);
            Interlocked.Increment(ref _dequeues);
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
        }

        public void Executed(string modelName, string? version, int requests, long rows, TimeSpan compute) =>
            Executions.Enqueue((modelName, version, requests, rows));

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }

    /// <summary>Records each follow-up call and whether the caller's task had completed by then.</summary>
    private sealed class RecordingFollowUp : IRunFollowUp
    {
        private readonly TaskCompletionSource<InferenceResponse?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task<InferenceResponse>? _caller;
        private int _calls;

        public Task<InferenceResponse?> Outcome => _outcome.Task;

        public int Calls => Volatile.Read(ref _calls);

        public bool? CallerHadItsAnswer { get; private set; }

        public Task<InferenceResponse> Track(Task<InferenceResponse> caller)
        {
            Volatile.Write(ref _caller, caller);
            return caller;
        }

        public void AfterRun(InferenceResponse? response)
        {
            Interlocked.Increment(ref _calls);
            CallerHadItsAnswer = Volatile.Read(ref _caller)?.IsCompleted;
            _outcome.TrySetResult(response);
        }
    }
}
