using System.Net;
using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>
    /// Stores the stream's bytes (from its current position) as the file at <paramref name="artifactPath"/> under
    /// the run, streaming them block by block, and checks the server stored what was sent.
    /// </summary>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown run, VALIDATION for a bad path, INTEGRITY when the hashes differ.</exception>
    public async Task<RunArtifact> UploadRunArtifactAsync(
        string runId, Stream content, string artifactPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactPath);
        var answer = await ArtifactTransfer.UploadAsync(_http, RunArtifactUri(runId, artifactPath), content, progress, cancellationToken);
        return new RunArtifact(answer.String("path"), answer.String("sha256"), answer.Int64("sizeBytes"));
    }

    /// <summary>Stores a local file under the run, streamed; the path under the run defaults to the file's name.</summary>
    public async Task<RunArtifact> UploadRunArtifactAsync(
        string runId, string localPath, string? artifactPath = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        await using var file = OpenForUpload(localPath);
        return await UploadRunArtifactAsync(runId, file, artifactPath ?? Path.GetFileName(localPath), progress, cancellationToken);
    }

    /// <summary>The files under a run, or under one of its folders.</summary>
    public async Task<IReadOnlyList<RunArtifact>> ListRunArtifactsAsync(string runId, string? prefix = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var uri = $"api/runs/{Uri.EscapeDataString(runId)}/artifacts" + (prefix is null ? "" : "?prefix=" + Uri.EscapeDataString(prefix));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var answer = await _http.SendForJsonAsync(request, cancellationToken);
        return answer.List("files", RunArtifact.Read);
    }

    /// <summary>Streams a file stored under a run into <paramref name="destination"/>, checking its SHA-256.</summary>
    public async Task<StoredArtifact> DownloadRunArtifactAsync(
        string runId, string artifactPath, Stream destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactPath);
        return await ArtifactTransfer.DownloadAsync(_http, RunArtifactUri(runId, artifactPath), destination, null, progress, cancellationToken);
    }

    /// <summary>Downloads a file stored under a run to a local file, replaced only once every byte arrived and checked.</summary>
    public Task<StoredArtifact> DownloadRunArtifactAsync(
        string runId, string artifactPath, string localPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        DownloadToFileAsync(localPath, stream => DownloadRunArtifactAsync(runId, artifactPath, stream, progress, cancellationToken), cancellationToken);

    /// <summary>Stores the stream's bytes in the content-addressed artifact store (for <see cref="RegisterModelVersionAsync"/>), streamed.</summary>
    public async Task<StoredArtifact> UploadArtifactAsync(Stream content, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var answer = await ArtifactTransfer.UploadAsync(_http, "api/artifacts", content, progress, cancellationToken);
        return new StoredArtifact(answer.String("sha256"), answer.Int64("sizeBytes"));
    }

    /// <summary>Stores a local file in the content-addressed artifact store, streamed.</summary>
    public async Task<StoredArtifact> UploadArtifactAsync(string localPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        await using var file = OpenForUpload(localPath);
        return await UploadArtifactAsync(file, progress, cancellationToken);
    }

    /// <summary>The size of the artifact with this SHA-256, or null when the store does not have it.</summary>
    public async Task<StoredArtifact?> GetArtifactInfoAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        using var request = new HttpRequestMessage(HttpMethod.Head, "api/artifacts/" + Uri.EscapeDataString(sha256));
        try
        {
            using var response = await _http.SendStreamingAsync(request, cancellationToken);
            return new StoredArtifact(sha256.ToLowerInvariant(), response.Content.Headers.ContentLength ?? 0);
        }
        catch (MlopsException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Streams the artifact with this SHA-256 into <paramref name="destination"/>, checking the bytes hash to it.</summary>
    public async Task<StoredArtifact> DownloadArtifactAsync(
        string sha256, Stream destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        return await ArtifactTransfer.DownloadAsync(_http, "api/artifacts/" + Uri.EscapeDataString(sha256), destination, sha256, progress, cancellationToken);
    }

    /// <summary>Downloads the artifact with this SHA-256 to a local file, replaced only once every byte arrived and checked.</summary>
    public Task<StoredArtifact> DownloadArtifactAsync(
        string sha256, string localPath, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        DownloadToFileAsync(localPath, stream => DownloadArtifactAsync(sha256, stream, progress, cancellationToken), cancellationToken);

    private static string RunArtifactUri(string runId, string artifactPath) =>
        MlopsHttp.Path($"api/runs/{Uri.EscapeDataString(runId)}/artifacts/", artifactPath);

    private static FileStream OpenForUpload(string localPath) =>
        new(localPath, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });

    private static async Task<StoredArtifact> DownloadToFileAsync(string localPath, Func<Stream, Task<StoredArtifact>> download, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        var partial = localPath + ".partial";
        try
        {
            StoredArtifact stored;
            await using (var file = new FileStream(partial, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous }))
            {
                stored = await download(file);
                await file.FlushAsync(cancellationToken);
            }

            File.Move(partial, localPath, overwrite: true);
            return stored;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
