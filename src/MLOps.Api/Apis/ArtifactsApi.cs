using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Storage.Artifacts;

namespace MLOps.Api.Apis;

/// <summary>
/// Artifacts over REST beside GraphQL: PUT streams an upload of any size into the content-addressed store;
/// GET and HEAD stream it back with Content-Length, a strong ETag (the hash) and single byte ranges.
/// </summary>
public static class ArtifactsApi
{
    public const string ExpectedHashHeader = "X-Expected-SHA256";

    public static IEndpointRouteBuilder MapArtifactsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/artifacts");
        group.MapPut("/", UploadAsync).RequireAuthorization(Roles.Contributor);
        group.MapMethods("/{sha256}", [HttpMethods.Get, HttpMethods.Head], DownloadAsync).RequireAuthorization(Roles.Reader);
        return endpoints;
    }

    private static async Task UploadAsync(HttpContext context, ArtifactStore store)
    {
        // Artifacts of any size: the body is streamed block by block, never buffered whole.
        RequestBodyLimit.Lift(context);

        var expected = context.Request.Headers[ExpectedHashHeader].FirstOrDefault() ?? context.Request.Query["sha256"].FirstOrDefault();
        try
        {
            var stored = await store.PutAsync(context.Request.Body, context.Request.ContentType, expected, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = "/api/artifacts/" + stored.Sha256;
            context.Response.Headers.ETag = Quote(stored.Sha256);
            await context.Response.WriteAsJsonAsync(
                new { sha256 = stored.Sha256, sizeBytes = stored.SizeBytes, contentType = stored.ContentType, createdAt = stored.CreatedAt },
                context.RequestAborted);
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, e.Code, e.Message);
        }
    }

    private static async Task DownloadAsync(HttpContext context, string sha256, ArtifactStore store)
    {
        ArtifactInfo? info;
        try
        {
            info = await store.GetInfoAsync(sha256, context.RequestAborted);
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, e.Code, e.Message);
            return;
        }

        if (info is null)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"No artifact has sha256 {sha256.ToLowerInvariant()}.");
            return;
        }

        var request = context.Request;
        var response = context.Response;
        var etag = Quote(info.Sha256);
        response.Headers.ETag = etag;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = "private, max-age=31536000, immutable";
        if (request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(etag, StringComparison.Ordinal) || v.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var (offset, length, status) = ResolveRange(request, info.SizeBytes, etag);
        if (status == StatusCodes.Status416RangeNotSatisfiable)
        {
            response.Headers.ContentRange = "bytes */" + info.SizeBytes.ToString(CultureInfo.InvariantCulture);
            await ApiErrors.WriteAsync(context, status, ErrorCodes.Validation,
                $"The requested range lies outside the artifact's {info.SizeBytes} bytes.");
            return;
        }

        response.StatusCode = status;
        response.ContentType = info.ContentType;
        response.ContentLength = length;
        if (status == StatusCodes.Status206PartialContent)
        {
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {offset}-{offset + length - 1}/{info.SizeBytes}");
        }

        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        await using var download = await store.OpenReadAsync(info.Sha256, offset, length, context.RequestAborted)
            ?? throw MLOpsException.NotFound($"Artifact {info.Sha256} disappeared while being read.");
        await download.Content.CopyToAsync(response.Body, context.RequestAborted);
    }

    /// <summary>One byte range (RFC 9110), honoured only when If-Range (if any) matches; several ranges get the whole body.</summary>
    private static (long Offset, long Length, int Status) ResolveRange(HttpRequest request, long size, string etag)
    {
        var range = request.GetTypedHeaders().Range;
        var ifRange = request.Headers.IfRange.ToString();
        if (range is null || range.Ranges.Count != 1 || !string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            || (ifRange.Length > 0 && ifRange != etag))
        {
            return (0, size, StatusCodes.Status200OK);
        }

        var item = range.Ranges.Single();
        long start;
        long end;
        if (item.From is null)
        {
            var suffix = Math.Min(item.To ?? 0, size);
            if (suffix <= 0)
            {
                return (0, 0, StatusCodes.Status416RangeNotSatisfiable);
            }

            start = size - suffix;
            end = size - 1;
        }
        else
        {
            start = item.From.Value;
            end = Math.Min(item.To ?? size - 1, size - 1);
        }

        return start >= size || start > end
            ? (0, 0, StatusCodes.Status416RangeNotSatisfiable)
            : (start, end - start + 1, StatusCodes.Status206PartialContent);
    }

    private static string Quote(string value) => "\"" + value + "\"";
}
