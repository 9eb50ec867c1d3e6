using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace MLOps.Api.GraphiQL;

/// <summary>
/// One file of the bundle, as embedded: scripts, stylesheets and TrueType fonts gzipped (sent as they are to
/// clients that accept gzip, decompressed for the others), web fonts as they are.
/// </summary>
internal sealed class GraphiQLAsset
{
    private const string GzipSuffix = ".gz";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".ttf"] = "font/ttf",
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
    };

    private GraphiQLAsset(string name, byte[] content, bool gzipped, string contentType)
    {
        Name = name;
        Content = content;
        IsGzipped = gzipped;
        ContentType = contentType;

        // The names are content-hashed already; the ETag only lets a revalidating client skip the body. The
        // decompressed representation is a different entity, so it gets a tag of its own.
        var tag = Convert.ToBase64String(SHA256.HashData(content).AsSpan(0, 12)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        ETag = new EntityTagHeaderValue($"\"{tag}\"");
        IdentityETag = gzipped ? new EntityTagHeaderValue($"\"{tag}-identity\"") : ETag;
    }

    /// <summary>The name the browser asks for (without .gz).</summary>
    public string Name { get; }

    public byte[] Content { get; }

    public bool IsGzipped { get; }

    public string ContentType { get; }

    public EntityTagHeaderValue ETag { get; }

    public EntityTagHeaderValue IdentityETag { get; }

    /// <summary>Null for files that are not served (the manifest, unknown extensions).</summary>
    public static GraphiQLAsset? Create(string fileName, byte[] content)
    {
        var gzipped = fileName.EndsWith(GzipSuffix, StringComparison.Ordinal);
        var name = gzipped ? fileName[..^GzipSuffix.Length] : fileName;
        return ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType)
            ? new GraphiQLAsset(name, content, gzipped, contentType)
            : null;
    }

    public Stream OpenDecompressed() => new GZipStream(new MemoryStream(Content, writable: false), CompressionMode.Decompress);
}
