using GraphQL;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MLOps.Api.Identity;
using MLOps.Contracts;
using MLOps.Api.GraphiQL;

namespace MLOps.Api.GraphQL.Http;

/// <summary>
/// The GraphQL-over-HTTP transport: POST with a JSON body, GET for queries, response media type negotiated
/// between application/graphql-response+json (spec status codes) and application/json (200 for every
/// well-formed request). Malformed requests get a 4xx with a GraphQL-shaped error, never a 500.
/// </summary>
public static class GraphQLHttpEndpoint
{
    private const string AllowedMethods = "GET, POST";

    public static IEndpointConventionBuilder MapGraphQLHttp<TSchema>(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
        where TSchema : ISchema =>
        // Anonymous at the routing level so the IDE page loads in a browser; every GraphQL request itself is
        // checked for an API key below and answered 401 without one.
        endpoints.Map(pattern, HandleAsync<TSchema>).AllowAnonymous();

    private static async Task HandleAsync<TSchema>(HttpContext context)
        where TSchema : ISchema
    {
        if (await GraphiQLPage.TryServeAsync(context))
        {
            return;
        }

        // The same URL answers with the IDE's HTML or with JSON depending on Accept.
        context.Response.Headers.Vary = "Accept";
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<GraphQLHttpOptions>>().Value;
        var serializer = services.GetRequiredService<IGraphQLTextSerializer>();
        var request = context.Request;

        var mediaType = GraphQLMediaTypes.Negotiate(request.GetTypedHeaders().Accept);
        if (mediaType is null)
        {
            await WriteProblemAsync(context, serializer, GraphQLMediaTypes.Json, new GraphQLHttpProblem(
                StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
                $"This endpoint answers with {GraphQLMediaTypes.GraphQLResponse} or {GraphQLMediaTypes.Json}; accept one of them."));
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            await WriteProblemAsync(context, serializer, mediaType, new GraphQLHttpProblem(
                StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED",
                $"{request.Method} is not supported here; use POST, or GET for queries.",
                new Dictionary<string, string> { ["Allow"] = AllowedMethods }));
            return;
        }

        var authentication = await context.AuthenticateAsync();
        if (!authentication.Succeeded && context.Items.ContainsKey(ApiKeyAuthenticationHandler.StoreUnavailableItem))
        {
            await WriteProblemAsync(context, serializer, mediaType, new GraphQLHttpProblem(
                StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", authentication.Failure!.Message));
            return;
        }

        if (!authentication.Succeeded)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteProblemAsync(context, serializer, mediaType, new GraphQLHttpProblem(
                StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated,
                authentication.Failure?.Message ?? "This request needs an API key: send 'Authorization: Bearer mlops_...'."));
            return;
        }

        context.User = authentication.Principal;
        var reader = new GraphQLHttpRequestReader(serializer);
        var (graphQLRequest, problem) = await reader.ReadAsync(request, options.MaxRequestBytes, context.RequestAborted);
        if (problem is not null)
        {
            await WriteProblemAsync(context, serializer, mediaType, problem);
            return;
        }

        GraphQLDocument? document = null;
        if (HttpMethods.IsGet(request.Method))
        {
            (document, problem) = CheckGetIsQuery(graphQLRequest!);
            if (problem is not null)
            {
                await WriteProblemAsync(context, serializer, mediaType, problem);
                return;
            }
        }

        using var activity = GraphQLTelemetry.StartOperation(graphQLRequest!);
        var executer = services.GetRequiredService<IDocumentExecuter<TSchema>>();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = graphQLRequest!.Query,
            Document = document,
            OperationName = graphQLRequest.OperationName,
            Variables = graphQLRequest.Variables,
            Extensions = graphQLRequest.Extensions,
            RequestServices = services,
            User = context.User,
            CancellationToken = context.RequestAborted,
        });

        GraphQLTelemetry.Complete(activity, result);
        if (result.Operation?.Operation == OperationType.Subscription)
        {
            // Executing a subscription only builds its streams; nothing listens to them over plain HTTP.
            await WriteProblemAsync(context, serializer, mediaType, new GraphQLHttpProblem(
                StatusCodes.Status400BadRequest, "VALIDATION",
                "Subscriptions run over WebSocket at this path with the graphql-transport-ws protocol (the graphql-ws client); HTTP takes queries and mutations.",
                null));
            return;
        }

        // With application/graphql-response+json, a response without data (the request never executed:
        // syntax, validation or variable errors) is a 400; application/json keeps 200 for legacy clients.
        context.Response.StatusCode = mediaType == GraphQLMediaTypes.GraphQLResponse && !result.Executed
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }

    // GET must not change state: find the operation that would run and refuse anything but a query. A
    // document that does not parse is left to the executer, which reports the syntax error in the usual shape.
    private static (GraphQLDocument? Document, GraphQLHttpProblem? Problem) CheckGetIsQuery(GraphQLHttpRequest request)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(request.Query);
        }
        catch (GraphQLSyntaxErrorException)
        {
            return (null, null);
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var selected = request.OperationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name is not null && o.Name.Value == request.OperationName);
        if (selected is not null && selected.Operation != OperationType.Query)
        {
            return (null, new GraphQLHttpProblem(
                StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED",
                $"A {selected.Operation.ToString().ToLowerInvariant()} cannot be sent with GET; use POST.",
                new Dictionary<string, string> { ["Allow"] = "POST" }));
        }

        return (document, null);
    }

    private static async Task WriteProblemAsync(HttpContext context, IGraphQLTextSerializer serializer, string mediaType, GraphQLHttpProblem problem)
    {
        var response = context.Response;
        response.StatusCode = problem.StatusCode;
        response.ContentType = mediaType + "; charset=utf-8";
        foreach (var (name, value) in problem.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        var error = new ExecutionError(problem.Message) { Code = problem.Code };
        var result = new ExecutionResult { Errors = [error], Executed = false };
        await serializer.WriteAsync(response.Body, result, context.RequestAborted);
    }
}
