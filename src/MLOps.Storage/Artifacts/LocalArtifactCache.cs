using System.Security.Cryptography;
using MLOps.Contracts;
using MLOps.Storage.Caching;

namespace MLOps.Storage.Artifacts;

/// <summary>
/// Artifacts copied to local disk under their hash, once per process, hash-verified before first use: ONNX
/// Runtime loads models from files, and a verified file can be trusted for the life of the process.
/// </summary>
public sealed class LocalArtifactCache
{
    private readonly AsyncCache<string, string> _files = new(StringComparer.Ordinal);
    private readonly string _directory = Directory.CreateTempSubdirectory("mlops-artifacts-").FullName;

    public Task<string> GetAsync(ArtifactStore store, string sha256, CancellationToken cancellationToken) =>
        _files.GetAsync(sha256, hash => DownloadAsync(store, hash), cancellationToken);

    private async Task<string> DownloadAsync(ArtifactStore store, string sha256)
    {
        var path = Path.Combine(_directory, sha256);
        var partial = path + ".partial";
        await using (var download = await store.OpenReadAsync(sha256, 0, null, CancellationToken.None)
            ?? throw MLOpsException.NotFound($"No artifact has sha256 {sha256}."))
        await using (var file = File.Create(partial))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await download.Content.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read));
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, sha256, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Artifact {sha256} read back from storage hashes to {actual}; the stored copy is corrupt.");
            }
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }
}
