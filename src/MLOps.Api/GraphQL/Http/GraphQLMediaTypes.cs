using Microsoft.Net.Http.Headers;

namespace MLOps.Api.GraphQL.Http;

/// <summary>The media types of the GraphQL-over-HTTP specification and the server's choice among them.</summary>
public static class GraphQLMediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// Picks the response media type from an Accept header: the acceptable type with the highest quality,
    /// preferring application/graphql-response+json on a tie. A missing header and wildcards get
    /// application/json, as the specification asks for compatibility with older clients. Null when the client
    /// accepts neither type (the caller answers 406).
    /// </summary>
    public static string? Negotiate(IList<MediaTypeHeaderValue> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        if (accept.Count == 0)
        {
            return Json;
        }

        string? best = null;
        double bestQuality = 0;
        var bestRank = int.MaxValue;
        foreach (var range in accept)
        {
            var quality = range.Quality ?? 1.0;
            if (quality <= 0)
            {
                continue;
            }

            var (candidate, rank) = Match(range);
            if (candidate is null)
            {
                continue;
            }

            if (quality > bestQuality || (quality.Equals(bestQuality) && rank < bestRank))
            {
                best = candidate;
                bestQuality = quality;
                bestRank = rank;
            }
        }

        return best;
    }

    private static (string? MediaType, int Rank) Match(MediaTypeHeaderValue range)
    {
        var type = range.MediaType.Value;
        if (string.Equals(type, GraphQLResponse, StringComparison.OrdinalIgnoreCase))
        {
            return (GraphQLResponse, 0);
        }

        if (string.Equals(type, Json, StringComparison.OrdinalIgnoreCase))
        {
            return (Json, 1);
        }

        if (string.Equals(type, "application/*", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "*/*", StringComparison.Ordinal))
        {
            return (Json, 2);
        }

        return (null, int.MaxValue);
    }
}
