using System.Collections.Concurrent;

namespace MLOps.Storage.Caching;

/// <summary>
/// Values produced once per key by an async factory and kept for the life of the process; concurrent callers
/// share one production, and a production that failed or was cancelled is dropped so the next caller retries.
/// </summary>
public sealed class AsyncCache<TKey, TValue>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _values = new(comparer);

    /// <summary>The value of <paramref name="key"/>, produced by <paramref name="produce"/> when absent.</summary>
    /// <remarks>The production runs without the caller's token, so one caller giving up does not fail the others.</remarks>
    public Task<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> produce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produce);
        var lazy = _values.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => produce(k)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _values.TryRemove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }
}
