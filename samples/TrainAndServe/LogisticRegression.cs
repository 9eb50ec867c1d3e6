using MLOps.TestModels.Onnx;

namespace MLOps.Samples.TrainAndServe;

/// <summary>Logistic regression trained by mini-batch gradient descent on the log loss, with L2 regularization.</summary>
internal sealed class LogisticRegression(int features)
{
    public const string InputName = "features";
    public const string OutputName = "probability";

    private readonly double[] _weights = new double[features];
    private double _bias;

    /// <summary>The probability of class 1, computed the way the ONNX graph does: in FP32.</summary>
    public float Predict(float[] row)
    {
        var logit = (float)_bias;
        for (var j = 0; j < row.Length; j++)
        {
            logit += row[j] * (float)_weights[j];
        }

        return 1f / (1f + MathF.Exp(-logit));
    }

    /// <summary>One gradient step on the rows [start, start + count); returns the batch's mean log loss.</summary>
    public double Step(SyntheticData data, int[] order, int start, int count, double learningRate, double l2)
    {
        var gradient = new double[_weights.Length];
        double biasGradient = 0;
        double loss = 0;
        for (var k = start; k < start + count; k++)
        {
            var i = order[k];
            var p = (double)Predict(data.Features[i]);
            var error = p - data.Labels[i];
            for (var j = 0; j < gradient.Length; j++)
            {
                gradient[j] += error * data.Features[i][j];
            }

            biasGradient += error;
            loss += LogLoss(p, data.Labels[i]);
        }

        for (var j = 0; j < _weights.Length; j++)
        {
            _weights[j] -= learningRate * ((gradient[j] / count) + (l2 * _weights[j]));
        }

        _bias -= learningRate * biasGradient / count;
        return loss / count;
    }

    /// <summary>Mean log loss and accuracy over a data set.</summary>
    public (double Loss, double Accuracy) Evaluate(SyntheticData data)
    {
        double loss = 0;
        var correct = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var p = (double)Predict(data.Features[i]);
            loss += LogLoss(p, data.Labels[i]);
            correct += (p >= 0.5 ? 1 : 0) == (int)data.Labels[i] ? 1 : 0;
        }

        return (loss / data.Count, (double)correct / data.Count);
    }

    /// <summary>The model as ONNX: features FP32 [N, F] → MatMul → Add → Sigmoid → probability FP32 [N, 1].</summary>
    public byte[] ToOnnx()
    {
        var builder = new OnnxModelBuilder("logistic_regression") { Description = "Logistic regression trained by the TrainAndServe sample." };
        return builder
            .AddInput(InputName, OnnxType.Tensor("FP32", -1, _weights.Length))
            .AddOutput(OutputName, OnnxType.Tensor("FP32", -1, 1))
            .AddInitializer(OnnxTensor.Float("weights", [.. _weights.Select(w => (float)w)], _weights.Length, 1))
            .AddInitializer(OnnxTensor.Float("bias", [(float)_bias], 1))
            .AddNode("MatMul", [InputName, "weights"], ["logit_without_bias"])
            .AddNode("Add", ["logit_without_bias", "bias"], ["logit"])
            .AddNode("Sigmoid", ["logit"], [OutputName])
            .Build();
    }

    private static double LogLoss(double p, double label)
    {
        var clipped = Math.Clamp(p, 1e-7, 1 - 1e-7);
        return -((label * Math.Log(clipped)) + ((1 - label) * Math.Log(1 - clipped)));
    }
}
