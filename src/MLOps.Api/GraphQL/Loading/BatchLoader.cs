using GraphQL.DataLoader;

namespace MLOps.Api.GraphQL.Loading;

/// <summary>
/// Collects the keys that resolvers ask for while a level of the query is being resolved, then fetches them
/// all with one call when the executor first needs a value (GraphQL.NET's deferred IDataLoaderResult), so a
/// list of N parents costs one query per child field instead of N. One instance per request.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch, TValue missing)
    where TKey : notnull
{
    private readonly HashSet<TKey> _pending = [];
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        lock (_pending)
        {
            if (!_loaded.ContainsKey(key))
            {
                _pending.Add(key);
            }
        }

        return new Deferred(this, key);
    }

    private async Task<TValue> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            TKey[] keys;
            lock (_pending)
            {
                if (_loaded.TryGetValue(key, out var done))
                {
                    return done;
                }

                _pending.Add(key);
                keys = [.. _pending];
                _pending.Clear();
            }

            var fetched = await fetch(keys, cancellationToken);
            lock (_pending)
            {
                foreach (var k in keys)
                {
                    _loaded[k] = fetched.TryGetValue(k, out var value) ? value : missing;
                }

                return _loaded[key];
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Deferred(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
