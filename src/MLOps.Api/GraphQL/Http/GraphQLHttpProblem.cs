namespace MLOps.Api.GraphQL.Http;

/// <summary>
/// A request the endpoint refuses before executing it: the HTTP status, an error code, a sentence the caller
/// can act on, and any response headers the status requires (Allow for 405).
/// </summary>
public sealed record GraphQLHttpProblem(int StatusCode, string Code, string Message, IReadOnlyDictionary<string, string>? Headers = null);
