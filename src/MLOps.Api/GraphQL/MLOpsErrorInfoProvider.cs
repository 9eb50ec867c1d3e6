using GraphQL;
using GraphQL.Execution;
using MLOps.Contracts;

namespace MLOps.Api.GraphQL;

/// <summary>
/// Turns the platform's refusals into GraphQL errors with their code and sentence; any other failure keeps
/// GraphQL.NET's generic message so internals never leak.
/// </summary>
public sealed class MLOpsErrorInfoProvider(ErrorInfoProviderOptions options) : ErrorInfoProvider(options)
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        ArgumentNullException.ThrowIfNull(executionError);
        var info = base.GetInfo(executionError);
        if (executionError.InnerException is not MLOpsException refusal)
        {
            return info;
        }

        var extensions = new Dictionary<string, object?>(info.Extensions ?? new Dictionary<string, object?>())
        {
            ["code"] = refusal.Code,
            ["codes"] = new[] { refusal.Code },
        };
        extensions.Remove("details");
        return new ErrorInfo { Message = refusal.Message, Extensions = extensions };
    }
}
