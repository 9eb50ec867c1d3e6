using GraphQL.DataLoader;

namespace MLOps.Api.GraphQL.Loading;

public static class DataLoaderResultExtensions
{
    /// <summary>Maps a deferred result without forcing the batch early.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> source, Func<T, TResult> map) =>
        new Mapped<T, TResult>(source, map);

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> source, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await source.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
