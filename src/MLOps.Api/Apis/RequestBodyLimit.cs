using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MLOps.Api.Apis;

/// <summary>Kestrel's request body limit, set per endpoint before the body is read.</summary>
internal static class RequestBodyLimit
{
    /// <summary>
    /// Lets the endpoint read one byte past its own limit, so that its reader, not Kestrel, refuses a larger body
    /// with a coded 413 the caller can act on.
    /// </summary>
    public static void AllowOnePast(HttpContext context, long maxBytes) => Set(context, maxBytes + 1);

    /// <summary>Lifts Kestrel's limit, for a body streamed block by block and never buffered whole.</summary>
    public static void Lift(HttpContext context) => Set(context, null);

    private static void Set(HttpContext context, long? bytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
    }
}
