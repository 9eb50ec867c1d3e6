using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Validation.Errors.Custom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MLOps.Api.GraphQL.Http;
using MLOps.Api.GraphQL.Loading;
using MLOps.Api.GraphQL.WebSockets;
using MLOps.Api.Monitoring;
using MLOps.Api.Server;

namespace MLOps.Api.GraphQL;

public static class GraphQLServiceCollectionExtensions
{
    /// <summary>Registers the platform's GraphQL schema, its serializer and the HTTP and WebSocket transports' options.</summary>
    public static IServiceCollection AddMLOpsGraphQL(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServerClock>();
        services.AddOptions<GraphQLHttpOptions>()
            .BindConfiguration(GraphQLHttpOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<GraphQLWebSocketOptions>()
            .BindConfiguration(GraphQLWebSocketOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The Subscription root type reads this process's monitoring events.
        services.TryAddSingleton<MonitoringEventHub>();
        services.AddGraphQL(builder => builder
            .AddSchema<MLOpsSchema>()
            .AddGraphTypes(typeof(MLOpsSchema).Assembly)
            // Responses are JSON, never HTML: no need to escape '+', '<' or non-ASCII text as \uXXXX.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider(provider => new MLOpsErrorInfoProvider(new global::GraphQL.Execution.ErrorInfoProviderOptions
            {
                ExposeExceptionDetails = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphQLHttpOptions>>().Value.ExposeExceptionDetails,
            }))
            .AddComplexityAnalyzer((complexity, provider) =>
            {
                var limits = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphQLHttpOptions>>().Value;
                complexity.MaxDepth = limits.MaxDepth;

                // The complexity limit is applied here rather than through MaxComplexity so that introspection
                // can be measured by its own rule (see IntrospectionLimits).
                complexity.ValidateComplexityDelegate = context =>
                {
                    if (IntrospectionLimits.IsIntrospectionOnly(context.ValidationContext))
                    {
                        var nesting = IntrospectionLimits.ListNesting(context.ValidationContext);
                        if (nesting > IntrospectionLimits.MaxListNesting)
                        {
                            context.Error = new ComplexityError(
                                $"Introspection nests list fields {nesting} levels deep; at most {IntrospectionLimits.MaxListNesting} are allowed.");
                        }
                    }
                    else if (context.TotalImpact > limits.MaxComplexity)
                    {
                        context.Error = new ComplexityError(
                            $"Query complexity is {context.TotalImpact:F0}; the maximum allowed is {limits.MaxComplexity}. Ask for fewer fields or smaller pages.");
                    }

                    return Task.CompletedTask;
                };
            }));
        services.AddScoped<RegistryLoaders>();
        return services;
    }
}
