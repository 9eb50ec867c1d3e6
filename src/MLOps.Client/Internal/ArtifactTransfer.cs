using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace MLOps.Client.Internal;

/// <summary>Streams artifact bytes up and down, block by block, checking each transfer's SHA-256.</summary>
internal static class ArtifactTransfer
{
    private const int BlockSize = 81_920;

    /// <summary>PUTs the stream's bytes from its current position; returns the server's answer after checking its sha256.</summary>
    public static async Task<JsonElement> UploadAsync(
        MlopsHttp http, string uri, Stream content, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        long? length = content.CanSeek ? content.Length - content.Position : null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StreamContent(new HashingStream(content, hash, length, progress), BlockSize) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentLength = length;
        using var response = await http.SendStreamingAsync(request, cancellationToken);
        var sent = Convert.ToHexStringLower(hash.GetCurrentHash());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var answer = body.RootElement.Clone();
        var stored = answer.String("sha256");
        if (!string.Equals(stored, sent, StringComparison.OrdinalIgnoreCase))
        {
            throw new MlopsException(MlopsErrorCodes.Integrity, $"The server stored {stored} but the bytes sent hash to {sent}; upload again.", response.StatusCode);
        }

        return answer;
    }

    /// <summary>GETs the bytes into the destination, checking them against the expected SHA-256 (or the response's ETag).</summary>
    public static async Task<StoredArtifact> DownloadAsync(
        MlopsHttp http, string uri, Stream destination, string? expectedSha256, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await http.SendStreamingAsync(request, cancellationToken);
        var expected = expectedSha256 ?? response.Headers.ETag?.Tag.Trim('"');
        var total = response.Content.Headers.ContentLength;
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        long received = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BlockSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                received += read;
                progress?.Report(new TransferProgress(received, total));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var actual = Convert.ToHexStringLower(hash.GetCurrentHash());
        if (expected is not null && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new MlopsException(MlopsErrorCodes.Integrity, $"The bytes received from {uri} hash to {actual}, not {expected.ToLowerInvariant()}; download again.", response.StatusCode);
        }

        return new StoredArtifact(actual, received);
    }
}
