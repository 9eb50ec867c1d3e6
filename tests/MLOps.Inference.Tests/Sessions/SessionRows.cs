using MLOps.Inference.Protocol;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Sessions;

/// <summary>Rows of features and the requests that carry them.</summary>
internal static class SessionRows
{
    private const float Tolerance = 1e-5f;

    public static float[][] Make(int count, int features, int seed = 0)
    {
        var random = new Random((count * 31) + features + seed);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, features).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray())
            .ToArray();
    }

    public static InferenceRequest Request(float[][] rows, string? id = null, string[]? outputs = null) => new(
        id,
        [new InferInputTensor(LinearModel.InputName, [rows.Length, rows[0].Length], "FP32", new TensorData(rows.SelectMany(row => row).ToArray()))],
        outputs?.Select(name => new RequestedOutput(name)).ToArray());

    public static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"Element {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }
}
