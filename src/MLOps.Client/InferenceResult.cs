using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>The answer to an inference request.</summary>
/// <param name="ModelName">The deployment or model that answered.</param>
/// <param name="ModelVersion">The model version that computed the outputs, or null.</param>
/// <param name="Id">The request's id, echoed back; for a monitored deployment, one the server generated when the request had none (label feedback refers to it).</param>
/// <param name="Outputs">The output tensors.</param>
public sealed record InferenceResult(string ModelName, string? ModelVersion, string? Id, IReadOnlyList<InferenceTensor> Outputs)
{
    /// <summary>The output with this name.</summary>
    /// <exception cref="KeyNotFoundException">No output has the name.</exception>
    public InferenceTensor GetOutput(string name) => Outputs.FirstOrDefault(o => o.Name == name)
        ?? throw new KeyNotFoundException($"The answer has no output '{name}'; it has {string.Join(", ", Outputs.Select(o => o.Name))}.");

    /// <summary>
    /// Reads the answer's JSON object; the outputs with a binary_data_size take their bytes from
    /// <paramref name="binary"/> in output order, and those sizes must add up to all of it.
    /// </summary>
    /// <exception cref="FormatException">A field is missing, an output does not fit, or the binary sizes do not add up.</exception>
    internal static InferenceResult Read(JsonElement e, ReadOnlyMemory<byte> binary)
    {
        var rest = binary;
        var outputs = e.List("outputs", output => InferenceTensor.FromJson(output, ref rest));
        if (!rest.IsEmpty)
        {
            throw new FormatException(
                $"The answer has {binary.Length} bytes of binary data, but its outputs' {TensorBinary.SizeParameter} add up to {binary.Length - rest.Length}.");
        }

        return new(e.String("model_name"), e.OptionalString("model_version"), e.OptionalString("id"), outputs);
    }
}
