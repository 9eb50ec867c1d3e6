using System.Diagnostics;
using System.Threading.Channels;
using MLOps.Inference.Protocol;
using MLOps.Inference.Sessions;

namespace MLOps.Inference.Batching;

/// <summary>
/// Triton-style dynamic batching for one <see cref="ModelSession"/>: requests that agree on everything but
/// their first dimension are stacked along it into one run, and each caller gets back its own rows.
/// </summary>
/// <remarks>
/// At most <see cref="BatchingSettings.Instances"/> executions run at once. One dispatcher loop waits for a free
/// instance, then takes every compatible queued request up to the batch size; if the batch is not full it
/// waits for more until the oldest request has been queued for the queue delay. Under load, requests gather
/// while the instances are busy, so batches grow with the load; a lone request with no queue delay runs at
/// once.
/// </remarks>
public sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly ModelSession _session;
    private readonly BatchingSettings _settings;
    private readonly IBatchObserver? _observer;
    private readonly Channel<PendingRequest> _queue;
    private readonly SemaphoreSlim _instances;
    private readonly Task _dispatcher;
    private long _requests;
    private long _executions;
    private long _rows;
    private long _batchedExecutions;
    private int _active;
    private readonly Action _requestDone;

    /// <summary>Starts the dispatcher for the session. The batcher does not own the session.</summary>
    public DynamicBatcher(ModelSession session, BatchingSettings? settings = null, IBatchObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _settings = settings ?? new BatchingSettings();
        _observer = observer;
        _requestDone = () => Interlocked.Decrement(ref _active);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_settings.MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_settings.Instances);
        ArgumentOutOfRangeException.ThrowIfLessThan(_settings.MaxQueueDelay, TimeSpan.Zero);
        _instances = new SemaphoreSlim(_settings.Instances, _settings.Instances);
        _queue = Channel.CreateUnbounded<PendingRequest>(new UnboundedChannelOptions { SingleReader = true });
        _dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>Requests received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Times the model ran, batched or not.</summary>
    public long Executions => Interlocked.Read(ref _executions);

    /// <summary>Times the model ran a batch of more than one request.</summary>
    public long BatchedExecutions => Interlocked.Read(ref _batchedExecutions);

    /// <summary>Rows the model ran, summed over every execution.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Runs the request, in a batch with others when it can be, and returns its own outputs.</summary>
    /// <param name="request">The request.</param>
    /// <param name="modelName">The name the response carries.</param>
    /// <param name="version">The version the response carries.</param>
    /// <param name="cancellationToken">Cancels the request while it waits.</param>
    /// <param name="followUp">
    /// Work on the outcome done after the caller has it (see <see cref="IRunFollowUp"/>); not called for a request
    /// refused before it ran (it throws) or cancelled.
    /// </param>
    /// <exception cref="InferenceRequestException">The request does not fit the model.</exception>
    /// <exception cref="OperationCanceledException">The request was cancelled while it waited.</exception>
    public Task<InferenceResponse> InferAsync(
        InferenceRequest request, string modelName, string? version, CancellationToken cancellationToken = default, IRunFollowUp? followUp = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _requests);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<InferenceResponse>(cancellationToken);
        }

        var key = _settings.Enabled && _session.AcceptsBatches ? BatchKey.Of(request) : null;
        if (key is not { } batchKey || batchKey.Rows >= _settings.MaxBatchSize)
        {
            var alone = Task.Run(() => RunAlone(request, modelName, version), cancellationToken);
            if (followUp is not null)
            {
                alone.ContinueWith(
                    static (task, state) => FollowUp((IRunFollowUp)state!, task.IsCompletedSuccessfully ? task.Result : null),
                    followUp,
                    CancellationToken.None,
                    TaskContinuationOptions.NotOnCanceled,
                    TaskScheduler.Default);
            }

            return alone;
        }

        try
        {
            // A request that does not fit the model fails now rather than after waiting for company.
            _session.Validate(request);
        }
        catch (InferenceRequestException e)
        {
            return Task.FromException<InferenceResponse>(e);
        }

        // No other request queued or running and no queue delay: nobody could join this one, so it runs now on the
        // caller's thread, without the hops through the dispatcher and the thread pool. It counts as active while
        // it runs, so requests that arrive meanwhile queue and batch, as they always do under load.
        if (_settings.MaxQueueDelay == TimeSpan.Zero && Interlocked.CompareExchange(ref _active, 1, 0) == 0)
        {
            if (_instances.Wait(0))
            {
                InferenceResponse? answered = null;
                try
                {
                    _observer?.Dequeued(modelName, version, TimeSpan.Zero);
                    answered = RunAlone(request, modelName, version);
                    return Task.FromResult(answered);
                }
                catch (Exception e)
                {
                    return Task.FromException<InferenceResponse>(e);
                }
                finally
                {
                    _instances.Release();
                    Interlocked.Decrement(ref _active);

                    // The caller is this thread and has not had its answer yet: the follow-up goes to the thread pool.
                    if (followUp is not null)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(static state => FollowUp(state.FollowUp, state.Answered), (FollowUp: followUp, Answered: answered), preferLocal: false);
                    }
                }
            }

            Interlocked.Decrement(ref _active);
        }

        Interlocked.Increment(ref _active);
        var pending = new PendingRequest(request, modelName, version, batchKey.Key, batchKey.Rows, _requestDone, cancellationToken) { FollowUp = followUp };
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Dispose();
            throw new ObjectDisposedException(nameof(DynamicBatcher));
        }

        return pending.Task;
    }

    /// <summary>Stops taking requests and waits for the queued and running ones to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _dispatcher;
        for (var i = 0; i < _settings.Instances; i++)
        {
            await _instances.WaitAsync();
        }

        _instances.Dispose();
    }

    private async Task DispatchAsync()
    {
        var reader = _queue.Reader;
        var held = new Queue<PendingRequest>();
        while (held.Count > 0 || await reader.WaitToReadAsync())
        {
            // While every instance is busy, requests gather in the queue: that is what makes batches under load.
            await _instances.WaitAsync();
            var members = await GatherAsync(held, reader);
            if (members.Length == 0)
            {
                _instances.Release();
                continue;
            }

            _ = Task.Run(() =>
            {
                try
                {
                    Execute(members);
                }
                finally
                {
                    _instances.Release();
                }
            });
        }
    }

    /// <summary>The next batch: the oldest live request and every compatible one that fits, waiting out the delay.</summary>
    private async Task<PendingRequest[]> GatherAsync(Queue<PendingRequest> held, ChannelReader<PendingRequest> reader)
    {
        if (!TryTake(held, reader, out var first))
        {
            return [];
        }

        var batch = new List<PendingRequest> { first };
        var rows = first.Rows;
        var skipped = new List<PendingRequest>();

        // Requests held back from an earlier batch are older than new arrivals, so they may join first.
        var heldCount = held.Count;
        for (var i = 0; i < heldCount; i++)
        {
            var candidate = held.Dequeue();
            if (candidate.Task.IsCompleted)
            {
                continue;
            }

            if (!TryJoin(batch, ref rows, candidate))
            {
                held.Enqueue(candidate);
            }
        }

        // The queue delay counts from when the oldest member arrived, not from when an instance came free.
        var deadline = first.Enqueued + (long)(_settings.MaxQueueDelay.TotalSeconds * Stopwatch.Frequency);
        while (rows < _settings.MaxBatchSize)
        {
            while (rows < _settings.MaxBatchSize && reader.TryRead(out var next))
            {
                if (!next.Task.IsCompleted && !TryJoin(batch, ref rows, next))
                {
                    skipped.Add(next);
                }
            }

            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (rows >= _settings.MaxBatchSize || remaining <= TimeSpan.Zero || !await WaitAsync(reader, remaining))
            {
                break;
            }
        }

        foreach (var request in skipped)
        {
            held.Enqueue(request);
        }

        return [.. batch.Where(member => !member.Task.IsCompleted)];
    }

    private static bool TryTake(Queue<PendingRequest> held, ChannelReader<PendingRequest> reader, out PendingRequest request)
    {
        while (held.TryDequeue(out request!) || reader.TryRead(out request!))
        {
            if (!request.Task.IsCompleted)
            {
                return true;
            }
        }

        return false;
    }

    private bool TryJoin(List<PendingRequest> batch, ref int rows, PendingRequest candidate)
    {
        if (candidate.Key != batch[0].Key || rows + candidate.Rows > _settings.MaxBatchSize)
        {
            return false;
        }

        batch.Add(candidate);
        rows += candidate.Rows;
        return true;
    }

    private static async Task<bool> WaitAsync(ChannelReader<PendingRequest> reader, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            return await reader.WaitToReadAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Execute(PendingRequest[] members)
    {
        if (_observer is not null)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var member in members)
            {
                _observer.Dequeued(member.ModelName, member.Version, Stopwatch.GetElapsedTime(member.Enqueued, now));
            }
        }

        var outcomes = new InferenceResponse?[members.Length];
        if (members.Length == 1)
        {
            var only = members[0];
            outcomes[0] = only.Complete(() => RunAlone(only.Request, only.ModelName, only.Version));
            FollowUp(members, outcomes);
            return;
        }

        InferenceResponse[]? responses;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var merged = BatchAssembler.Merge(members.Select(member => member.Request).ToArray(), members.Sum(m => m.Rows));
            var rows = merged.Inputs[0].Shape[0];
            var response = _session.Run(merged, members[0].ModelName, members[0].Version);
            responses = BatchAssembler.Split(response, members.Select(member => (member.Request.Id, member.Rows)).ToArray());
            Counted(members[0].ModelName, members[0].Version, members.Length, rows, Stopwatch.GetElapsedTime(started));
            Interlocked.Increment(ref _batchedExecutions);
        }
        catch (Exception)
        {
            // One bad request must not fail the others: each runs alone and gets its own answer or error.
            responses = null;
        }

        for (var i = 0; i < members.Length; i++)
        {
            var member = members[i];
            if (responses is null)
            {
                // The batch failed, or its outputs do not all have one row per input row to hand back.
                outcomes[i] = member.Complete(() => RunAlone(member.Request, member.ModelName, member.Version));
            }
            else
            {
                var response = responses[i];
                outcomes[i] = member.Complete(() => response with { ModelName = member.ModelName, ModelVersion = member.Version });
            }
        }

        FollowUp(members, outcomes);
    }

    // After every member has its answer, still holding the instance: see IRunFollowUp.
    private static void FollowUp(PendingRequest[] members, InferenceResponse?[] outcomes)
    {
        for (var i = 0; i < members.Length; i++)
        {
            if (members[i].FollowUp is { } followUp && !members[i].Task.IsCanceled)
            {
                FollowUp(followUp, outcomes[i]);
            }
        }
    }

    private static void FollowUp(IRunFollowUp followUp, InferenceResponse? response)
    {
        try
        {
            followUp.AfterRun(response);
        }
        catch (Exception)
        {
            // A follow-up is the caller's own work and reports its own failures; it must never stall the instance.
        }
    }

    private InferenceResponse RunAlone(InferenceRequest request, string modelName, string? version)
    {
        var rows = request.Inputs.Count > 0 && request.Inputs[0].Shape.Length > 0 ? request.Inputs[0].Shape[0] : 1;
        var started = Stopwatch.GetTimestamp();
        var response = _session.Run(request, modelName, version);
        Counted(modelName, version, 1, rows, Stopwatch.GetElapsedTime(started));
        return response;
    }

    private void Counted(string modelName, string? version, int requests, long rows, TimeSpan compute)
    {
        Interlocked.Increment(ref _executions);
        Interlocked.Add(ref _rows, rows);
        _observer?.Executed(modelName, version, requests, rows, compute);
    }
}
