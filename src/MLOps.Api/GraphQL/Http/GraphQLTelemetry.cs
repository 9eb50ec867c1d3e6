using System.Diagnostics;
using GraphQL;
using GraphQLParser.AST;

namespace MLOps.Api.GraphQL.Http;

/// <summary>
/// One span per GraphQL operation, named by the operation ("query Models", "mutation registerModelVersion"),
/// so grain calls and SQL appear under the operation that caused them.
/// </summary>
public static class GraphQLTelemetry
{
    public const string ActivitySourceName = "MLOps.Api";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    public static Activity? StartOperation(GraphQLHttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var activity = Source.StartActivity("graphql", ActivityKind.Internal);
        activity?.SetTag("graphql.operation.name", request.OperationName);
        activity?.SetTag("graphql.document", request.Query.Length <= 2000 ? request.Query : request.Query[..2000]);
        return activity;
    }

    public static void Complete(Activity? activity, ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (activity is null)
        {
            return;
        }

        var operation = result.Operation;
        if (operation is not null)
        {
            var type = operation.Operation switch
            {
                OperationType.Mutation => "mutation",
                OperationType.Subscription => "subscription",
                _ => "query",
            };
            var name = operation.Name?.StringValue
                ?? operation.SelectionSet.Selections.OfType<GraphQLField>().FirstOrDefault()?.Name.StringValue
                ?? "anonymous";
            activity.DisplayName = $"{type} {name}";
            activity.SetTag("graphql.operation.type", type);
        }

        if (result.Errors is { Count: > 0 } errors)
        {
            activity.SetStatus(result.Executed ? ActivityStatusCode.Unset : ActivityStatusCode.Error, errors[0].Message);
            activity.SetTag("graphql.error.codes", string.Join(",", errors.Select(e => e.Code).Distinct()));
        }
    }
}
