using GraphQL;

namespace MLOps.Api.GraphQL.Http;

/// <summary>The parameters of one GraphQL-over-HTTP request, from a GET query string or a POST JSON body.</summary>
public sealed record GraphQLHttpRequest(string Query, string? OperationName, Inputs? Variables, Inputs? Extensions);
