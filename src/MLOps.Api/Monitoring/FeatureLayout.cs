using System.Globalization;
using MLOps.Inference.Onnx;
using MLOps.Monitoring;
using MLOps.Monitoring.Profiles;

namespace MLOps.Api.Monitoring;

/// <summary>
/// Which values of a model's inputs and outputs are monitored, and under which feature names. Tabular tensors
/// only: [rows] and [rows, k] with a fixed k (other shapes, such as images, and non-tensor outputs are not
/// profiled). Input features come first, then predictions, in signature order. Default names are the tensor's
/// name for one column and name[i] for several; BYTES and BOOL columns are categorical. A reference profile with
/// the same number of features and roles supplies the names and kinds instead (the dataset's column names).
/// </summary>
public sealed class FeatureLayout
{
    private FeatureLayout(IReadOnlyList<FeatureSpec> features, IReadOnlyList<TensorColumns> inputs, IReadOnlyList<TensorColumns> outputs)
    {
        Features = features;
        Inputs = inputs;
        Outputs = outputs;
    }

    public IReadOnlyList<FeatureSpec> Features { get; }

    public IReadOnlyList<TensorColumns> Inputs { get; }

    public IReadOnlyList<TensorColumns> Outputs { get; }

    public int InputFeatureCount => Inputs.Sum(i => i.Columns);

    /// <summary>The layout of a model's signature, named by the reference profile when it fits.</summary>
    public static FeatureLayout Create(IReadOnlyList<OnnxTensorSpec> inputs, IReadOnlyList<OnnxTensorSpec> outputs, ReferenceProfile? reference = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var features = new List<FeatureSpec>();
        var inputColumns = Place(inputs, FeatureRole.Input, features);
        var outputColumns = Place(outputs, FeatureRole.Prediction, features);
        if (reference is not null && Fits(reference, features))
        {
            features = [.. reference.Features.Select(f => f.Spec)];
            inputColumns = [.. inputColumns.Select(t => t with { Kinds = KindsOf(features, t) })];
            outputColumns = [.. outputColumns.Select(t => t with { Kinds = KindsOf(features, t) })];
        }

        return new FeatureLayout(features, inputColumns, outputColumns);
    }

    /// <summary>Columns per row of a tabular tensor shape, or null when the shape is not tabular.</summary>
    public static int? ColumnsOf(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.Count switch
        {
            1 => 1,
            2 when shape[1] > 0 && shape[1] <= 100_000 => (int)shape[1],
            _ => null,
        };
    }

    private static List<TensorColumns> Place(IReadOnlyList<OnnxTensorSpec> tensors, FeatureRole role, List<FeatureSpec> features)
    {
        var placed = new List<TensorColumns>();
        foreach (var tensor in tensors)
        {
            if (!tensor.IsTensor || ColumnsOf(tensor.Shape) is not { } columns)
            {
                continue;
            }

            var kind = tensor.ElementType is "BYTES" or "BOOL" ? FeatureKind.Categorical : FeatureKind.Numeric;
            var first = features.Count;
            for (var c = 0; c < columns; c++)
            {
                var name = columns == 1 ? tensor.Name : string.Create(CultureInfo.InvariantCulture, $"{tensor.Name}[{c}]");
                features.Add(new FeatureSpec(name, kind, role));
            }

            placed.Add(new TensorColumns(tensor.Name, tensor.ElementType, first, columns, Enumerable.Repeat(kind, columns).ToArray(), tensor.Shape.Count == 1));
        }

        return placed;
    }

    private static bool Fits(ReferenceProfile reference, List<FeatureSpec> features) =>
        reference.Features.Count == features.Count
        && reference.Features.Select(f => f.Spec.Role).SequenceEqual(features.Select(f => f.Role));

    private static FeatureKind[] KindsOf(IReadOnlyList<FeatureSpec> features, TensorColumns tensor) =>
        [.. Enumerable.Range(tensor.FirstFeature, tensor.Columns).Select(i => features[i].Kind)];
}
