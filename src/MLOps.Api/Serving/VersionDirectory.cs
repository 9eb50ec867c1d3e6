using System.Collections.Concurrent;
using MLOps.Contracts.Registry;
using MLOps.Storage.Registry;

namespace MLOps.Api.Serving;

/// <summary>
/// Registered versions by (model, number) for serving. A READY version's artifact never changes, so it is
/// cached for the life of the process and the hot path makes no database call after the first request.
/// </summary>
public sealed class VersionDirectory(RegistryReader reader)
{
    private readonly ConcurrentDictionary<(string Model, int Version), ModelVersionRecord> _ready = new();

    /// <summary>The version, or null when the model or version does not exist (any status).</summary>
    public async Task<ModelVersionRecord?> FindAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        if (_ready.TryGetValue((modelName, version), out var cached))
        {
            return cached;
        }

        var model = await reader.GetModelAsync(modelName, cancellationToken);
        if (model is null)
        {
            return null;
        }

        var found = (await reader.GetVersionsAsync([model.Id], cancellationToken)).FirstOrDefault(v => v.Version == version);
        if (found?.Status == VersionStatus.Ready)
        {
            _ready[(modelName, version)] = found;
        }

        return found;
    }
}
