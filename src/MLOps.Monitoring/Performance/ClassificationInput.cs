namespace MLOps.Monitoring.Performance;

/// <summary>Validated classification pairs, with labels replaced by their index in the class list.</summary>
internal sealed class ClassificationInput
{
    private ClassificationInput(int[] actual, int[] predicted, int positive)
    {
        Actual = actual;
        Predicted = predicted;
        Positive = positive;
    }

    public int[] Actual { get; }

    public int[] Predicted { get; }

    /// <summary>The positive class's index; meaningful for two classes.</summary>
    public int Positive { get; }

    public static ClassificationInput Create(
        IReadOnlyList<string> classLabels,
        ReadOnlySpan<string> actual,
        ReadOnlySpan<string> predicted,
        ReadOnlySpan<double> probabilities,
        string? positiveLabel)
    {
        ArgumentNullException.ThrowIfNull(classLabels);
        if (classLabels.Count < 2)
        {
            throw new ArgumentException("At least two class labels are needed.", nameof(classLabels));
        }

        var index = new Dictionary<string, int>(classLabels.Count, StringComparer.Ordinal);
        for (var c = 0; c < classLabels.Count; c++)
        {
            if (classLabels[c] is null || !index.TryAdd(classLabels[c], c))
            {
                throw new ArgumentException($"Class label {c} is null or repeats an earlier one.", nameof(classLabels));
            }
        }

        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException(
                $"There are {actual.Length} true labels but {predicted.Length} predictions; they must pair up.", nameof(predicted));
        }

        if (actual.IsEmpty)
        {
            throw new ArgumentException("At least one (label, prediction) pair is needed.", nameof(actual));
        }

        if (!probabilities.IsEmpty && probabilities.Length != actual.Length * classLabels.Count)
        {
            throw new ArgumentException(
                $"Expected {actual.Length} × {classLabels.Count} probabilities (one per pair and class) but got {probabilities.Length}.",
                nameof(probabilities));
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!double.IsFinite(probabilities[i]) || probabilities[i] < 0)
            {
                throw new ArgumentException(
                    $"Pair {i / classLabels.Count} has probability {probabilities[i]} for class '{classLabels[i % classLabels.Count]}'; " +
                    "probabilities must be finite and not negative.",
                    nameof(probabilities));
            }
        }

        var positive = 1;
        if (positiveLabel is not null && !index.TryGetValue(positiveLabel, out positive))
        {
            throw new ArgumentException($"The positive label '{positiveLabel}' is not one of the class labels.", nameof(positiveLabel));
        }

        return new ClassificationInput(
            ToIndices(actual, index, nameof(actual)), ToIndices(predicted, index, nameof(predicted)), positive);
    }

    private static int[] ToIndices(ReadOnlySpan<string> labels, Dictionary<string, int> index, string parameter)
    {
        var indices = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is null || !index.TryGetValue(labels[i], out indices[i]))
            {
                throw new ArgumentException($"Pair {i} has label '{labels[i]}', which is not one of the class labels.", parameter);
            }
        }

        return indices;
    }
}
