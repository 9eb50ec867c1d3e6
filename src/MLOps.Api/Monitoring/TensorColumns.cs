using MLOps.Monitoring;

namespace MLOps.Api.Monitoring;

/// <summary>
/// Where one model input or output lands among the monitored features: a [rows, columns] tensor whose column c
/// is feature <see cref="FirstFeature"/> + c.
/// </summary>
/// <param name="Name">The tensor's name in the model's signature.</param>
/// <param name="Datatype">Its Open Inference Protocol datatype.</param>
/// <param name="FirstFeature">Index of its first column's feature.</param>
/// <param name="Columns">Columns per row (1 for a [rows] tensor).</param>
/// <param name="Kinds">Each column's kind.</param>
/// <param name="IsVector">Whether the tensor is [rows] rather than [rows, columns].</param>
public sealed record TensorColumns(string Name, string Datatype, int FirstFeature, int Columns, IReadOnlyList<FeatureKind> Kinds, bool IsVector)
{
    /// <summary>Whether every column is numeric, so whole blocks can be folded at once.</summary>
    public bool AllNumeric { get; } = Kinds.All(k => k == FeatureKind.Numeric);
}
