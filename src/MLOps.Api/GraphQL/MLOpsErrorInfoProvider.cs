using GraphQL;
using GraphQL.Execution;
using MLOps.Contracts;
using MLOps.Storage.Artifacts;

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
        var (code, message) = executionError.InnerException switch
        {
            MLOpsException e => (e.Code, e.Message),
            ArtifactException e => (e.Code, e.Message),
            _ => ((string?)null, (string?)null),
        };
        if (code is null)
        {
            return info;
        }

        var extensions = new Dictionary<string, object?>(info.Extensions ?? new Dictionary<string, object?>()) { ["code"] = code, ["codes"] = new[] { code } };
        extensions.Remove("details");
        return new ErrorInfo { Message = message!, Extensions = extensions };
    }
}
