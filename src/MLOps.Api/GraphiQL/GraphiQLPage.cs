using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace MLOps.Api.GraphiQL;

/// <summary>
/// The GraphiQL IDE's HTML, for a browser that navigates to the GraphQL endpoint. The page holds no data and
/// needs no authentication; the queries it sends carry whatever headers the user gives GraphiQL.
/// </summary>
public static class GraphiQLPage
{
    /// <summary>
    /// Answers with the IDE when the request is a GET without a <c>query</c> parameter whose Accept header
    /// prefers text/html (a browser's navigation); returns false, writing nothing, for everything else.
    /// </summary>
    public static async Task<bool> TryServeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || request.Query.ContainsKey("query") || !PrefersHtml(request.GetTypedHeaders().Accept))
        {
            return false;
        }

        var bundle = GraphiQLBundle.Instance;
        var links = context.RequestServices.GetRequiredService<LinkGenerator>();
        string AssetPath(string file) =>
            links.GetPathByName(context, GraphiQLAssetEndpoints.RouteName, new RouteValueDictionary { ["file"] = file })
            ?? throw new InvalidOperationException("The GraphiQL assets are not mapped; call app.MapGraphiQLAssets() next to the GraphQL endpoint.");

        // A fresh nonce per response admits the <style> elements Monaco creates (see src/style-nonce.js).
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var html = HtmlEncoder.Default;
        var page = $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <meta property="csp-nonce" nonce="{nonce}">
            <title>MLOps GraphQL</title>
            <link rel="stylesheet" href="{html.Encode(AssetPath(bundle.Stylesheet))}">
            <script type="module" src="{html.Encode(AssetPath(bundle.Script))}"></script>
            </head>
            <body>
            <div id="graphiql" data-endpoint="{html.Encode(request.PathBase + request.Path)}"></div>
            <noscript>GraphiQL needs JavaScript. Send GraphQL requests to this URL with POST and Content-Type: application/json.</noscript>
            </body>
            </html>

            """;

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
        response.Headers.Vary = HeaderNames.Accept;
        await response.WriteAsync(page, context.RequestAborted);
        return true;
    }

    // Everything from this origin, nothing inline but styles: <style> elements need the nonce; style
    // attributes are allowed because Monaco renders its editor lines as HTML with positions in them.
    private static string ContentSecurityPolicy(string nonce) =>
        "default-src 'none'; script-src 'self'; " +
        $"style-src 'self' 'nonce-{nonce}'; style-src-attr 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Whether text/html has a higher quality than both GraphQL response types, or the same quality from a
    /// more specific range: browsers send "text/html,...,*/*;q=0.8"; API clients send no Accept, "*/*" or JSON.
    /// </summary>
    private static bool PrefersHtml(IList<MediaTypeHeaderValue> accept)
    {
        var html = Preference(accept, "text", "html");
        var json = new[] { Preference(accept, "application", "graphql-response+json"), Preference(accept, "application", "json") }.Max();
        return html.Quality > 0 && html.CompareTo(json) > 0;
    }

    // RFC 9110 §12.5.1: the most specific range that matches decides a media type's quality.
    private static (double Quality, int Specificity) Preference(IList<MediaTypeHeaderValue> accept, string type, string subtype)
    {
        var best = (Quality: 0.0, Specificity: -1);
        foreach (var range in accept)
        {
            var specificity = range.MatchesAllTypes ? 0
                : !range.Type.Equals(type, StringComparison.OrdinalIgnoreCase) ? -1
                : range.MatchesAllSubTypes ? 1
                : range.SubType.Equals(subtype, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (specificity > best.Specificity)
            {
                best = (range.Quality ?? 1.0, specificity);
            }
        }

        return best;
    }
}
