using MLOps.TestModels;
using MLOps.TestModels.Onnx;

namespace MLOps.Bench;

/// <summary>A model under measurement: its ONNX bytes, the shape of one row, and fixed request rows.</summary>
internal sealed record BenchModel(string Name, string Description, byte[] Bytes, string InputName, int Features, int Outputs)
{
    public const string InputTensor = "input";
    public const string OutputTensor = "output";

    /// <summary>Model A: a tabular MLP, features → 1024 → Relu → 1024 → Relu → outputs, dynamic batch.</summary>
    public static BenchModel Mlp(int features = 256, int hidden = 1024, int outputs = 4, int seed = 42)
    {
        var random = new Random(seed);
        var builder = new OnnxModelBuilder("bench_mlp")
            .AddInput(InputTensor, OnnxType.Tensor("FP32", -1, features))
            .AddOutput(OutputTensor, OnnxType.Tensor("FP32", -1, outputs))
            .AddInitializer(OnnxTensor.Float("w1", Weights(random, features, hidden), features, hidden))
            .AddInitializer(OnnxTensor.Float("b1", Weights(random, hidden, 1), hidden))
            .AddInitializer(OnnxTensor.Float("w2", Weights(random, hidden, hidden), hidden, hidden))
            .AddInitializer(OnnxTensor.Float("b2", Weights(random, hidden, 1), hidden))
            .AddInitializer(OnnxTensor.Float("w3", Weights(random, hidden, outputs), hidden, outputs))
            .AddInitializer(OnnxTensor.Float("b3", Weights(random, outputs, 1), outputs))
            .AddNode("MatMul", [InputTensor, "w1"], ["m1"])
            .AddNode("Add", ["m1", "b1"], ["a1"])
            .AddNode("Relu", ["a1"], ["h1"])
            .AddNode("MatMul", ["h1", "w2"], ["m2"])
            .AddNode("Add", ["m2", "b2"], ["a2"])
            .AddNode("Relu", ["a2"], ["h2"])
            .AddNode("MatMul", ["h2", "w3"], ["m3"])
            .AddNode("Add", ["m3", "b3"], [OutputTensor]);
        return new BenchModel(
            "mlp", $"MLP {features}→{hidden}→{hidden}→{outputs}", builder.Build(), InputTensor, features, outputs);
    }

    /// <summary>Model B: a tiny linear model, features → 1.</summary>
    public static BenchModel Tiny(int features = 32)
    {
        var linear = OnnxTestModels.Linear(features, 1, seed: 7);
        return new BenchModel("tiny", $"linear {features}→1", linear.ToBytes(), LinearModel.InputName, features, 1);
    }

    /// <summary>Fixed rows of features from a seed, so every run sends the same requests.</summary>
    public float[][] Rows(int count, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Features).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray())];
    }

    // Scaled by 1/sqrt(fan-in) so activations stay in a sane range through both hidden layers.
    private static float[] Weights(Random random, int fanIn, int fanOut)
    {
        var scale = 1 / Math.Sqrt(fanIn);
        var values = new float[fanIn * fanOut];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        return values;
    }
}
