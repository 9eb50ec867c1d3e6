using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>An output the caller asks for by name.</summary>
/// <param name="Name">The name of the model's output.</param>
/// <param name="Parameters">The output's parameters, if the request gave any.</param>
public sealed record RequestedOutput(string Name, IReadOnlyDictionary<string, JsonElement>? Parameters = null);
