using GraphQL.Validation;
using GraphQLParser.AST;

namespace MLOps.Api.GraphQL;

/// <summary>
/// Introspection (what GraphiQL sends to show the docs) is costly by the complexity estimate but bounded by the
/// schema, so it is exempt from the complexity limit. What is not bounded is nesting the list fields of
/// __Type inside each other, so that nesting is capped instead, as graphql-js does.
/// </summary>
public static class IntrospectionLimits
{
    public const int MaxListNesting = 3;

    private static readonly HashSet<string> ListFields = ["fields", "interfaces", "possibleTypes", "inputFields"];

    /// <summary>Whether every top-level field of the operation is an introspection field (__schema, __type, __typename).</summary>
    public static bool IsIntrospectionOnly(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var selections = context.Operation?.SelectionSet.Selections;
        return selections is { Count: > 0 }
            && selections.All(s => s is GraphQLField field && field.Name.StringValue.StartsWith("__", StringComparison.Ordinal));
    }

    /// <summary>The deepest nesting of __Type's list fields, following fragment spreads.</summary>
    public static int ListNesting(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fragments = context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
            .ToDictionary(f => f.FragmentName.Name.StringValue, f => f.SelectionSet);
        return context.Operation is null ? 0 : Walk(context.Operation.SelectionSet, 0, fragments, []);
    }

    private static int Walk(GraphQLSelectionSet? set, int depth, Dictionary<string, GraphQLSelectionSet> fragments, HashSet<string> path)
    {
        if (set is null)
        {
            return depth;
        }

        var deepest = depth;
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    var next = ListFields.Contains(field.Name.StringValue) ? depth + 1 : depth;
                    deepest = Math.Max(deepest, Walk(field.SelectionSet, next, fragments, path));
                    break;
                case GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var body)
                    && path.Add(spread.FragmentName.Name.StringValue):
                    deepest = Math.Max(deepest, Walk(body, depth, fragments, path));
                    path.Remove(spread.FragmentName.Name.StringValue);
                    break;
                case GraphQLInlineFragment inline:
                    deepest = Math.Max(deepest, Walk(inline.SelectionSet, depth, fragments, path));
                    break;
            }
        }

        return deepest;
    }
}
