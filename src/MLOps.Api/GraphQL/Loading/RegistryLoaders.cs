using MLOps.Storage.Registry;

namespace MLOps.Api.GraphQL.Loading;

/// <summary>The registry's batch loaders for one request: versions, aliases and transitions by model id.</summary>
public sealed class RegistryLoaders(RegistryReader reader)
{
    public BatchLoader<Guid, IReadOnlyList<ModelVersionRecord>> Versions { get; } = new(
        async (ids, ct) => Group(await reader.GetVersionsAsync(ids, ct), v => v.ModelId), []);

    public BatchLoader<Guid, IReadOnlyList<AliasRecord>> Aliases { get; } = new(
        async (ids, ct) => Group(await reader.GetAliasesAsync(ids, ct), a => a.ModelId), []);

    public BatchLoader<Guid, IReadOnlyList<StageTransitionRecord>> Transitions { get; } = new(
        async (ids, ct) => Group(await reader.GetTransitionsAsync(ids, ct), t => t.ModelId), []);

    private static IReadOnlyDictionary<Guid, IReadOnlyList<T>> Group<T>(IReadOnlyList<T> rows, Func<T, Guid> key) =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => (IReadOnlyList<T>)[.. g]);
}
