using System.ComponentModel.DataAnnotations;

namespace MLOps.Api.GraphQL.Http;

/// <summary>Limits of the GraphQL-over-HTTP endpoint (configuration section "GraphQL").</summary>
public sealed class GraphQLHttpOptions
{
    public const string SectionName = "GraphQL";

    /// <summary>Largest request body accepted; larger bodies get 413 before any parsing.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest field nesting a document may have (GraphiQL's introspection query needs 15).</summary>
    [Range(2, 100)]
    public int MaxDepth { get; set; } = 20;

    /// <summary>Largest complexity a document may have (GraphQL.NET's estimate: fields weighted by list sizes).</summary>
    [Range(10, 10_000_000)]
    public int MaxComplexity { get; set; } = 50_000;

    /// <summary>Whether exception messages of failed resolvers reach clients (development only).</summary>
    public bool ExposeExceptionDetails { get; set; }
}
