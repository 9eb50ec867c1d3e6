using MLOps.Monitoring.Profiles;
using MLOps.Storage.Artifacts;
using MLOps.Storage.Caching;

namespace MLOps.Storage.Monitoring;

/// <summary>
/// Reference profiles by model version, read from their artifacts and kept per process by content hash (a
/// profile never changes under its hash; re-profiling a version links a new hash).
/// </summary>
public sealed class ReferenceProfiles(ReferenceProfileStore links, ArtifactStore artifacts)
{
    private readonly AsyncCache<string, ReferenceProfile> _profiles = new(StringComparer.Ordinal);

    /// <summary>The version's profile and the hash it was read from, or null when it has none.</summary>
    public async Task<(ReferenceProfile Profile, string Sha256)?> GetAsync(string modelName, int version, CancellationToken ct)
    {
        if (await links.GetAsync(modelName, version, ct) is not { } link)
        {
            return null;
        }

        return (await _profiles.GetAsync(link.ArtifactSha256, LoadAsync, ct), link.ArtifactSha256);
    }

    private async Task<ReferenceProfile> LoadAsync(string sha256)
    {
        await using var download = await artifacts.OpenReadAsync(sha256, 0, null, CancellationToken.None)
            ?? throw new InvalidOperationException($"Reference profile artifact {sha256} is missing from the store.");
        using var buffer = new MemoryStream(checked((int)download.Length));
        await download.Content.CopyToAsync(buffer);
        return ReferenceProfile.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
