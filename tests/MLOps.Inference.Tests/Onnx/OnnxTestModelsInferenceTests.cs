using Microsoft.ML.OnnxRuntime;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Onnx;

/// <summary>Runs the written models in ONNX Runtime to prove the writer and the C# reference math agree.</summary>
public sealed class OnnxTestModelsInferenceTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(4, 3, 1)]
    [InlineData(16, 5, 7)]
    [InlineData(1, 1, 3)]
    public void LinearModelRunByOnnxRuntimeMatchesItsPredictHelper(int features, int outputs, int seed)
    {
        var model = OnnxTestModels.Linear(features, outputs, seed: seed);
        var rows = Rows(count: 6, features);

        var actual = Run<float>(model.ToBytes(), LinearModel.InputName, rows, LinearModel.OutputName);

        Assert.Equal(rows.Length * outputs, actual.Length);
        for (var row = 0; row < rows.Length; row++)
        {
            AssertClose(model.Predict(rows[row]), actual.AsSpan(row * outputs, outputs).ToArray());
        }
    }

    [Fact]
    public void FixedBatchLinearModelRunsOneRow()
    {
        var model = OnnxTestModels.Linear(3, 2, dynamicBatch: false);
        var rows = Rows(count: 1, features: 3);

        var actual = Run<float>(model.ToBytes(), LinearModel.InputName, rows, LinearModel.OutputName);

        AssertClose(model.Predict(rows[0]), actual);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentWeights()
    {
        Assert.NotEqual(OnnxTestModels.Linear(4, 3, seed: 1).Weights, OnnxTestModels.Linear(4, 3, seed: 2).Weights);
        Assert.Equal(OnnxTestModels.Linear(4, 3, seed: 1).ToBytes(), OnnxTestModels.Linear(4, 3, seed: 1).ToBytes());
    }

    [Fact]
    public void ClassifierRunByOnnxRuntimeMatchesItsProbabilitiesAndLabel()
    {
        var model = OnnxTestModels.Classifier(features: 5, classes: 4);
        var rows = Rows(count: 8, features: 5);

        var probabilities = Run<float>(model.ToBytes(), ClassifierModel.InputName, rows, ClassifierModel.ProbabilitiesName);
        var labels = Run<long>(model.ToBytes(), ClassifierModel.InputName, rows, ClassifierModel.LabelName);

        for (var row = 0; row < rows.Length; row++)
        {
            var rowProbabilities = probabilities.AsSpan(row * 4, 4).ToArray();
            AssertClose(model.PredictProbabilities(rows[row]), rowProbabilities);
            Assert.Equal(1f, rowProbabilities.Sum(), 4);
            Assert.Equal(model.PredictLabel(rows[row]), labels[row]);
        }
    }

    [Fact]
    public void IdentityModelReturnsItsInput()
    {
        var rows = Rows(count: 2, features: 3);

        var actual = Run<float>(OnnxTestModels.Identity("FP32", -1, 3), "input", rows, "output");

        Assert.Equal(rows.SelectMany(row => row), actual);
    }

    private static T[] Run<T>(byte[] model, string inputName, float[][] rows, string outputName)
        where T : unmanaged
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(
            rows.SelectMany(row => row).ToArray(),
            [rows.Length, rows[0].Length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [inputName], [input], [outputName]);
        return outputs[0].GetTensorDataAsSpan<T>().ToArray();
    }

    private static float[][] Rows(int count, int features)
    {
        var random = new Random(count * 31 + features);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, features).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray())
            .ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"Element {i}: expected {expected[i]}, ONNX Runtime returned {actual[i]}.");
        }
    }
}
