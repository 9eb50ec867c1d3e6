namespace MLOps.Inference.Onnx;

/// <summary>One input or output of an ONNX model's graph. Two specs are equal when name, type and shape match.</summary>
/// <param name="Name">The name the graph gives the value; requests and responses use it.</param>
/// <param name="ElementType">
/// The element type as an Open Inference Protocol datatype (<c>FP32</c>, <c>INT64</c>, <c>BYTES</c>, ...) for
/// tensors, or the kind of value for non-tensors: <c>SEQUENCE</c>, <c>MAP</c>, <c>OPTIONAL</c>,
/// <c>SPARSE_TENSOR</c>, <c>OPAQUE</c>.
/// </param>
/// <param name="Shape">
/// The tensor's dimensions, -1 for a dynamic (symbolic or unknown) one; empty for a scalar, a tensor of
/// unknown rank and every non-tensor value.
/// </param>
public sealed record OnnxTensorSpec(string Name, string ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>Whether the value is a tensor, as opposed to a sequence, map or other non-tensor value.</summary>
    public bool IsTensor => !OnnxElementTypes.IsNonTensorKind(ElementType);

    /// <inheritdoc/>
    public bool Equals(OnnxTensorSpec? other) =>
        other is not null
        && Name == other.Name
        && ElementType == other.ElementType
        && Shape.SequenceEqual(other.Shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(ElementType);
        foreach (var dimension in Shape)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    /// <summary>The spec as <c>name: TYPE[d0, d1, ...]</c>, e.g. <c>input: FP32[-1, 4]</c>.</summary>
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Shape)}]";
}
