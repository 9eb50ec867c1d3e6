using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace MLOps.Api.GraphiQL;

/// <summary>
/// Serves the GraphiQL bundle's scripts, stylesheets, workers and fonts. Their names carry a content hash,
/// so they are cached for a year as immutable; they hold no data and are served without authentication.
/// </summary>
public static class GraphiQLAssetEndpoints
{
    /// <summary>The route name <see cref="GraphiQLPage"/> builds asset URLs from.</summary>
    internal const string RouteName = "graphiql-asset";

    private const string ImmutableCaching = "public, max-age=31536000, immutable";

    public static IEndpointConventionBuilder MapGraphiQLAssets(this IEndpointRouteBuilder endpoints, string prefix = "/graphiql") =>
        endpoints.MapGet(prefix.TrimEnd('/') + "/{file}", ServeAsync)
            .WithName(RouteName)
            .WithDisplayName("GraphiQL assets")
            .AllowAnonymous();

    private static async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.RouteValues["file"] is not string file || !GraphiQLBundle.Instance.TryGetAsset(file, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var sendGzip = asset.IsGzipped && AcceptsGzip(request);
        var etag = sendGzip || !asset.IsGzipped ? asset.ETag : asset.IdentityETag;
        var headers = response.GetTypedHeaders();
        headers.ETag = etag;
        response.Headers.CacheControl = ImmutableCaching;
        response.Headers.XContentTypeOptions = "nosniff";
        if (asset.IsGzipped)
        {
            response.Headers.Vary = HeaderNames.AcceptEncoding;
        }

        if (request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.ContentType;
        if (sendGzip)
        {
            response.Headers.ContentEncoding = "gzip";
            response.ContentLength = asset.Content.Length;
            await response.Body.WriteAsync(asset.Content, context.RequestAborted);
        }
        else if (asset.IsGzipped)
        {
            await using var content = asset.OpenDecompressed();
            await content.CopyToAsync(response.Body, context.RequestAborted);
        }
        else
        {
            response.ContentLength = asset.Content.Length;
            await response.Body.WriteAsync(asset.Content, context.RequestAborted);
        }
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        var codings = request.GetTypedHeaders().AcceptEncoding;
        var gzip = codings.FirstOrDefault(c => string.Equals(c.Value.Value, "gzip", StringComparison.OrdinalIgnoreCase))
            ?? codings.FirstOrDefault(c => c.Value.Value == "*");
        return gzip is not null && (gzip.Quality ?? 1) > 0;
    }
}
