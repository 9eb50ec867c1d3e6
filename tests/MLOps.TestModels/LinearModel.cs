namespace MLOps.TestModels;

/// <summary>
/// A model computing <c>output = input · W + b</c>, with the weights it was written with so tests can
/// compute the expected answer themselves.
/// </summary>
public sealed class LinearModel
{
    /// <summary>The name of the graph's FP32 input, shaped [batch, features].</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph's FP32 output, shaped [batch, outputs].</summary>
    public const string OutputName = "output";

    private readonly byte[] _bytes;
    private readonly float[] _weights;
    private readonly float[] _bias;

    internal LinearModel(byte[] bytes, int features, int outputs, float[] weights, float[] bias)
    {
        _bytes = bytes;
        Features = features;
        Outputs = outputs;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>The number of features in an input row.</summary>
    public int Features { get; }

    /// <summary>The number of values in an output row.</summary>
    public int Outputs { get; }

    /// <summary>The weights, [features, outputs] in row-major order.</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>The bias, one per output.</summary>
    public IReadOnlyList<float> Bias => _bias;

    /// <summary>The serialized ONNX model; a fresh copy on each call.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>What the model returns for one input row.</summary>
    public float[] Predict(float[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Length != Features)
        {
            throw new ArgumentException($"The row has {row.Length} features; the model takes {Features}.", nameof(row));
        }

        var output = new float[Outputs];
        for (var j = 0; j < Outputs; j++)
        {
            double sum = _bias[j];
            for (var i = 0; i < Features; i++)
            {
                sum += (double)row[i] * _weights[(i * Outputs) + j];
            }

            output[j] = (float)sum;
        }

        return output;
    }
}
