using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using MLOps.Contracts;
using Npgsql;

namespace MLOps.Storage.Artifacts;

/// <summary>
/// Content-addressed artifact storage: bytes in Azure Blob Storage under their SHA-256, a row in PostgreSQL
/// per committed artifact. An upload streams into a staging blob while it is hashed, and only a verified
/// upload is copied to its content address; a content address is never overwritten.
/// </summary>
public sealed class ArtifactStore(BlobServiceClient blobService, NpgsqlDataSource dataSource, IOptions<ArtifactStoreOptions> options)
{
    private const string ContentPrefix = "sha256/";
    private const string StagingPrefix = "staging/";
    private const string DefaultContentType = "application/octet-stream";

    private readonly ArtifactStoreOptions _options = options.Value;

    private BlobContainerClient Container => blobService.GetBlobContainerClient(_options.ContainerName);

    public async Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    /// <summary>
    /// Streams <paramref name="content"/> into the store. When <paramref name="expectedSha256"/> is given and the
    /// bytes hash differently, nothing is stored and a VALIDATION error is thrown. Storing content that is
    /// already present returns the existing artifact.
    /// </summary>
    public async Task<ArtifactInfo> PutAsync(Stream content, string? contentType, string? expectedSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var expected = expectedSha256 is null ? null : Sha256Hash.Normalize(expectedSha256);
        var type = string.IsNullOrWhiteSpace(contentType) ? DefaultContentType : contentType.Trim();

        var staging = Container.GetBlockBlobClient(StagingPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            string actual;
            long size;
            using (var hashing = new HashingReadStream(content))
            {
                await staging.UploadAsync(hashing, new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = type },
                    TransferOptions = new Azure.Storage.StorageTransferOptions
                    {
                        InitialTransferSize = _options.BlockSizeBytes,
                        MaximumTransferSize = _options.BlockSizeBytes,
                        MaximumConcurrency = _options.MaxConcurrency,
                    },
                }, cancellationToken);
                actual = hashing.GetHashHex();
                size = hashing.BytesRead;
            }

            if (expected is not null && !string.Equals(expected, actual, StringComparison.Ordinal))
            {
                throw MLOpsException.Invalid(
                    $"The uploaded content hashes to sha256 {actual}, not the expected {expected}; nothing was stored. Check the file and the hash you sent.");
            }

            await CommitAsync(staging, actual, cancellationToken);
            return await RecordAsync(actual, size, type, cancellationToken);
        }
        finally
        {
            await staging.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>The recorded artifact with this hash, or null.</summary>
    public async Task<ArtifactInfo?> GetInfoAsync(string sha256, CancellationToken cancellationToken)
    {
        var hash = Sha256Hash.Normalize(sha256);
        await using var command = dataSource.CreateCommand(
            "SELECT sha256, size_bytes, content_type, created_at FROM artifacts WHERE sha256 = @sha256");
        command.Parameters.AddWithValue("sha256", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ArtifactInfo(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>
    /// Opens the artifact, or the byte range [offset, offset + length) of it, for streaming; null when unknown.
    /// The range must lie inside the artifact (the caller resolves HTTP range syntax first).
    /// </summary>
    public async Task<ArtifactDownload?> OpenReadAsync(string sha256, long offset, long? length, CancellationToken cancellationToken)
    {
        var info = await GetInfoAsync(sha256, cancellationToken);
        if (info is null)
        {
            return null;
        }

        var count = length ?? info.SizeBytes - offset;
        if (offset < 0 || count < 0 || offset + count > info.SizeBytes)
        {
            throw MLOpsException.Invalid($"The range {offset}+{count} lies outside the artifact's {info.SizeBytes} bytes.");
        }

        if (count == 0)
        {
            return new ArtifactDownload(info, Stream.Null, offset, 0);
        }

        var blob = Container.GetBlobClient(ContentPrefix + info.Sha256);
        var response = await blob.DownloadStreamingAsync(
            new BlobDownloadOptions { Range = new HttpRange(offset, count) }, cancellationToken);
        return new ArtifactDownload(info, response.Value.Content, offset, count);
    }

    /// <summary>Blob names under the staging prefix; an operator's view of uploads in flight or abandoned.</summary>
    public async Task<IReadOnlyList<string>> ListStagingAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = StagingPrefix }, cancellationToken))
        {
            names.Add(item.Name);
        }

        return names;
    }

    /// <summary>Whether the content blob for this hash exists (independently of its database row).</summary>
    public async Task<bool> ContentExistsAsync(string sha256, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(ContentPrefix + Sha256Hash.Normalize(sha256));
        return (await blob.ExistsAsync(cancellationToken)).Value;
    }

    private async Task CommitAsync(BlockBlobClient staging, string sha256, CancellationToken cancellationToken)
    {
        var target = Container.GetBlobClient(ContentPrefix + sha256);
        try
        {
            var copy = await target.StartCopyFromUriAsync(staging.Uri, new BlobCopyFromUriOptions
            {
                DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
            }, cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Same hash, same bytes: another upload committed this content first, which is success for us too.
        }
    }

    private async Task<ArtifactInfo> RecordAsync(string sha256, long size, string contentType, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO artifacts (sha256, size_bytes, content_type) VALUES (@sha256, @size, @type)
            ON CONFLICT (sha256) DO NOTHING
            """);
        command.Parameters.AddWithValue("sha256", sha256);
        command.Parameters.AddWithValue("size", size);
        command.Parameters.AddWithValue("type", contentType);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return await GetInfoAsync(sha256, cancellationToken)
            ?? throw new InvalidOperationException($"Artifact {sha256} vanished right after it was recorded.");
    }
}
