using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>An Open Inference Protocol inference response.</summary>
/// <param name="ModelName">The name of the model that answered.</param>
/// <param name="ModelVersion">The version of the model that answered, if known.</param>
/// <param name="Id">The request's identifier, if it had one.</param>
/// <param name="Outputs">The output tensors.</param>
/// <param name="Parameters">The response's parameters, if any.</param>
public sealed record InferenceResponse(
    string ModelName,
    string? ModelVersion,
    string? Id,
    IReadOnlyList<InferOutputTensor> Outputs,
    IReadOnlyDictionary<string, JsonElement>? Parameters = null);
