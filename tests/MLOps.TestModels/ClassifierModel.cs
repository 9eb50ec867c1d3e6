namespace MLOps.TestModels;

/// <summary>
/// A softmax classifier, <c>softmax(input · W + b)</c>, optionally with the arg-max label as a second
/// output, and the weights it was written with so tests can compute the expected answer themselves.
/// </summary>
public sealed class ClassifierModel
{
    /// <summary>The name of the graph's FP32 input, shaped [batch, features].</summary>
    public const string InputName = "input";

    /// <summary>
    /// The name of the class probabilities output: FP32 [batch, classes], or, when the model ends in a
    /// ZipMap as scikit-learn's exports do, a sequence of maps from class to probability.
    /// </summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The name of the optional INT64 [batch] output holding the most probable class.</summary>
    public const string LabelName = "label";

    private readonly byte[] _bytes;
    private readonly LinearModel _logits;

    internal ClassifierModel(byte[] bytes, LinearModel logits, bool hasLabel, bool hasZipMap)
    {
        _bytes = bytes;
        _logits = logits;
        HasLabel = hasLabel;
        HasZipMap = hasZipMap;
    }

    /// <summary>The number of features in an input row.</summary>
    public int Features => _logits.Features;

    /// <summary>The number of classes, labelled 0 to Classes - 1.</summary>
    public int Classes => _logits.Outputs;

    /// <summary>Whether the model has the <see cref="LabelName"/> output.</summary>
    public bool HasLabel { get; }

    /// <summary>Whether <see cref="ProbabilitiesName"/> is a sequence of maps rather than a tensor.</summary>
    public bool HasZipMap { get; }

    /// <summary>The serialized ONNX model; a fresh copy on each call.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>The class probabilities the model returns for one input row.</summary>
    public float[] PredictProbabilities(float[] row)
    {
        var logits = _logits.Predict(row);
        var max = logits.Max();
        var exponentials = Array.ConvertAll(logits, logit => Math.Exp(logit - max));
        var total = exponentials.Sum();
        return Array.ConvertAll(exponentials, exponential => (float)(exponential / total));
    }

    /// <summary>The label the model returns for one input row: the first class with the largest logit.</summary>
    public long PredictLabel(float[] row)
    {
        var logits = _logits.Predict(row);
        return Array.IndexOf(logits, logits.Max());
    }
}
