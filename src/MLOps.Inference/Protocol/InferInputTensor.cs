using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>One input tensor of an inference request.</summary>
/// <param name="Name">The name of the model's input.</param>
/// <param name="Shape">The tensor's dimensions.</param>
/// <param name="Datatype">The Open Inference Protocol datatype, e.g. <c>FP32</c> or <c>BYTES</c>.</param>
/// <param name="Data">The values, flat and row-major.</param>
/// <param name="Parameters">The input's parameters, if the request gave any.</param>
public sealed record InferInputTensor(
    string Name,
    long[] Shape,
    string Datatype,
    TensorData Data,
    IReadOnlyDictionary<string, JsonElement>? Parameters = null);
