using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>An Open Inference Protocol inference request.</summary>
/// <param name="Id">The caller's identifier for the request, echoed in the response.</param>
/// <param name="Inputs">The input tensors.</param>
/// <param name="Outputs">The outputs asked for; null or empty for every output.</param>
/// <param name="Parameters">The request's parameters, if any.</param>
public sealed record InferenceRequest(
    string? Id,
    IReadOnlyList<InferInputTensor> Inputs,
    IReadOnlyList<RequestedOutput>? Outputs = null,
    IReadOnlyDictionary<string, JsonElement>? Parameters = null);
