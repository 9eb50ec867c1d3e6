using System.Globalization;
using MLOps.Inference.Protocol;
using MLOps.Monitoring;
using MLOps.Monitoring.Windows;

namespace MLOps.Api.Monitoring;

/// <summary>Folds a request's or response's tensors into a window profile, column by column.</summary>
public static class TensorFolder
{
    /// <summary>Folds <paramref name="data"/> ([rows, columns], row-major) into the tensor's features.</summary>
    public static void Fold(WindowProfile profile, TensorColumns tensor, TensorData data)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length % tensor.Columns != 0)
        {
            return;
        }

        if (tensor.AllNumeric)
        {
            switch (data.Values)
            {
                case float[] floats:
                    profile.AddRowMajor(floats.AsSpan(), tensor.Columns, tensor.FirstFeature);
                    return;
                case double[] doubles:
                    profile.AddRowMajor(doubles.AsSpan(), tensor.Columns, tensor.FirstFeature);
                    return;
                case long[] longs:
                    profile.AddRowMajor(longs.AsSpan(), tensor.Columns, tensor.FirstFeature);
                    return;
                case int[] ints:
                    profile.AddRowMajor(ints.AsSpan(), tensor.Columns, tensor.FirstFeature);
                    return;
            }
        }

        ForEachValue(tensor, data, profile.AddNumeric, profile.AddCategorical);
    }

    /// <summary>
    /// Hands each value of <paramref name="data"/> to <paramref name="numeric"/> or <paramref name="categorical"/>
    /// with its feature index, by the column's kind: the general path, for any element type.
    /// </summary>
    public static void ForEachValue(TensorColumns tensor, TensorData data, Action<int, double> numeric, Action<int, string?> categorical)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(numeric);
        ArgumentNullException.ThrowIfNull(categorical);
        var values = data.Values;
        for (var i = 0; i < values.Length; i++)
        {
            var column = i % tensor.Columns;
            var value = values.GetValue(i);
            if (tensor.Kinds[column] == FeatureKind.Numeric && ToDouble(value) is { } number)
            {
                numeric(tensor.FirstFeature + column, number);
            }
            else
            {
                categorical(tensor.FirstFeature + column, ToCategory(value));
            }
        }
    }

    /// <summary>A value as a number, or null when it is not one (strings, byte arrays).</summary>
    public static double? ToDouble(object? value) => value switch
    {
        float f => f,
        double d => d,
        long l => l,
        int i => i,
        short s => s,
        sbyte b => b,
        byte b => b,
        ushort u => u,
        uint u => u,
        ulong u => u,
        Half h => (double)h,
        bool b => b ? 1 : 0,
        _ => null,
    };

    /// <summary>A value as a category: strings as they are, byte strings as UTF-8, numbers in invariant form.</summary>
    public static string? ToCategory(object? value) => value switch
    {
        null => null,
        string s => s,
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
