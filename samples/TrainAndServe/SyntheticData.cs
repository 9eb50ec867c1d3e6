using System.Security.Cryptography;

namespace MLOps.Samples.TrainAndServe;

/// <summary>
/// A binary classification data set drawn from a known logistic model: standard normal features, and labels
/// that are 1 with probability sigmoid(w·x + b). Deterministic for a seed.
/// </summary>
internal sealed class SyntheticData
{
    private static readonly double[] TrueWeights = [1.5, -2.0, 0.75, 0.5];
    private const double TrueBias = -0.25;

    private SyntheticData(float[][] features, float[] labels)
    {
        Features = features;
        Labels = labels;
    }

    public static int FeatureCount => TrueWeights.Length;

    public float[][] Features { get; }

    public float[] Labels { get; }

    public int Count => Labels.Length;

    public static SyntheticData Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows][];
        var labels = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            features[i] = [.. Enumerable.Range(0, FeatureCount).Select(_ => (float)Normal(random))];
            var logit = TrueBias + features[i].Select((x, j) => x * TrueWeights[j]).Sum();
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        }

        return new SyntheticData(features, labels);
    }

    /// <summary>The first <paramref name="count"/> rows and the rest, as two data sets.</summary>
    public (SyntheticData Head, SyntheticData Tail) Split(int count) =>
        (new SyntheticData(Features[..count], Labels[..count]), new SyntheticData(Features[count..], Labels[count..]));

    /// <summary>
    /// The first 32 hex digits of a SHA-256 of the rows (the server takes digests of up to 36 characters), recorded as
    /// the run's input so the model's lineage names the exact data.
    /// </summary>
    public string Digest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < Count; i++)
        {
            foreach (var value in Features[i])
            {
                hash.AppendData(BitConverter.GetBytes(value));
            }

            hash.AppendData(BitConverter.GetBytes(Labels[i]));
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash())[..32];
    }

    // Box-Muller: two uniform draws make one standard normal draw.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
