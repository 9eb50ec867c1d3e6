using System.Threading.Channels;

namespace MLOps.Client.Internal;

/// <summary>
/// A run's log queue and its background sender: a bounded channel of params, tags and metric points, drained into
/// batches within the server's limits, each posted with its own batch id and retried with the same id on transient
/// failures. A refused batch is dropped and its error kept for the run's next call.
/// </summary>
internal sealed class RunLogSender
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<LogItem> _queue;
    private readonly Func<byte[], Task> _post;
    private readonly MlopsClientOptions _options;
    private readonly Task _loop;
    private MlopsException? _failure;

    public RunLogSender(Func<byte[], Task> post, MlopsClientOptions options)
    {
        _post = post;
        _options = options;
        _queue = Channel.CreateBounded<LogItem>(new BoundedChannelOptions(options.LogQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues an item, blocking the calling thread while the queue is full.</summary>
    public void Enqueue(LogItem item)
    {
        ThrowIfFailed();
        if (_queue.Writer.TryWrite(item))
        {
            return;
        }

        try
        {
            // Backpressure for synchronous callers: the training loop waits until the sender has made room.
            _queue.Writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException e)
        {
            throw Closed(e);
        }
    }

    /// <summary>Queues an item, waiting asynchronously while the queue is full.</summary>
    public async ValueTask EnqueueAsync(LogItem item, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw Closed(e);
        }
    }

    /// <summary>Waits until everything queued before the call was sent; throws the first refusal not yet reported.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EnqueueAsync(LogItem.Flush(flushed), cancellationToken);
        await flushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends everything queued, stops the sender and returns the refusal not yet reported, if any.</summary>
    public async Task<MlopsException?> CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        return Interlocked.Exchange(ref _failure, null);
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is not null && Interlocked.Exchange(ref _failure, null) is { } failure)
        {
            throw failure;
        }
    }

    private async Task RunAsync()
    {
        var batch = new PendingBatch();
        var reader = _queue.Reader;
        try
        {
            while (true)
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Kind == LogItemKind.Flush)
                    {
                        await SendAsync(batch);
                        Report(item.Flushed!);
                        continue;
                    }

                    batch.Add(item);
                    if (batch.IsFull)
                    {
                        await SendAsync(batch);
                    }
                }

                if (batch.IsEmpty)
                {
                    if (!await reader.WaitToReadAsync())
                    {
                        return;
                    }
                }
                else if (!await WaitForMoreAsync(reader, batch.StartedAt))
                {
                    await SendAsync(batch);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of the client itself, not a refusal: close the queue so no caller waits for room forever.
            var failure = new MlopsException(MlopsErrorCodes.Internal, "The run's background log sender stopped: " + e.Message, null, e);
            Interlocked.CompareExchange(ref _failure, failure, null);
            _queue.Writer.TryComplete(e);
            while (reader.TryRead(out var item))
            {
                item.Flushed?.TrySetException(failure);
            }
        }
    }

    /// <summary>Waits for more items until the batch has waited <see cref="MlopsClientOptions.BatchDelay"/>; false when it is time to send.</summary>
    private async Task<bool> WaitForMoreAsync(ChannelReader<LogItem> reader, long batchStartedAt)
    {
        var remaining = _options.BatchDelay - TimeSpan.FromMilliseconds(Environment.TickCount64 - batchStartedAt);
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(remaining);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SendAsync(PendingBatch batch)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        // One id for every attempt: the server applies a batch id at most once, so a retry after a lost answer is harmless.
        var body = batch.ToJson(Guid.NewGuid().ToString("N"));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _post(body);
                break;
            }
            catch (MlopsException e) when (e.IsTransient && attempt < _options.MaxBatchAttempts)
            {
                await Task.Delay(RetryDelay(attempt));
            }
            catch (MlopsException e)
            {
                var failure = new MlopsException(e.Code, $"{e.Message} The batch of {batch.Describe()} was not logged.", e.StatusCode, e);
                Interlocked.CompareExchange(ref _failure, failure, null);
                break;
            }
        }

        batch.Clear();
    }

    private void Report(TaskCompletionSource flushed)
    {
        if (Interlocked.Exchange(ref _failure, null) is { } failure)
        {
            flushed.TrySetException(failure);
        }
        else
        {
            flushed.TrySetResult();
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var exponential = _options.RetryBaseDelay * Math.Pow(2, attempt - 1);
        var capped = exponential < MaxRetryDelay ? exponential : MaxRetryDelay;
        // Jitter keeps many clients that failed together from retrying together.
        return capped * (0.75 + (Random.Shared.NextDouble() * 0.5));
    }

    private static InvalidOperationException Closed(ChannelClosedException e) =>
        new(e.InnerException is null ? "The run has ended; start a new run to log more." : "The run's log sender stopped: " + e.InnerException.Message, e);
}
