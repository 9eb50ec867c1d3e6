namespace MLOps.Inference.Protocol;

/// <summary>
/// A tensor's values as one flat, row-major, typed array: <c>float[]</c>, <c>double[]</c>, <c>Half[]</c>,
/// <c>long[]</c>, <c>int[]</c>, <c>short[]</c>, <c>sbyte[]</c>, <c>ulong[]</c>, <c>uint[]</c>, <c>ushort[]</c>,
/// <c>byte[]</c>, <c>bool[]</c>, or <c>string[]</c> for BYTES.
/// </summary>
public sealed class TensorData
{
    /// <summary>Wraps a typed array without copying it.</summary>
    /// <param name="values">The flat values; its element type must be one of the supported ones.</param>
    /// <exception cref="ArgumentException">The array's element type has no Open Inference Protocol datatype.</exception>
    public TensorData(Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Rank != 1 || TensorDatatypes.FromElementType(values.GetType().GetElementType()!) is not { } datatype)
        {
            throw new ArgumentException($"A {values.GetType().Name} cannot hold tensor data.", nameof(values));
        }

        Values = values;
        Datatype = datatype;
    }

    /// <summary>The flat array of values.</summary>
    public Array Values { get; }

    /// <summary>The Open Inference Protocol datatype the array's element type stands for.</summary>
    public string Datatype { get; }

    /// <summary>The number of values.</summary>
    public int Length => Values.Length;

    /// <summary>The values as the typed array they are.</summary>
    /// <exception cref="InvalidOperationException">The values are not of type <typeparamref name="T"/>.</exception>
    public T[] As<T>() => Values.GetType() == typeof(T[])
        ? (T[])Values
        : throw new InvalidOperationException($"The tensor holds {Datatype} values, not {typeof(T).Name}.");

    internal TensorData Slice(int start, int count)
    {
        var slice = Array.CreateInstance(Values.GetType().GetElementType()!, count);
        Array.Copy(Values, start, slice, 0, count);
        return new TensorData(slice);
    }

    internal static TensorData Concat(IReadOnlyList<TensorData> parts)
    {
        var total = 0;
        foreach (var part in parts)
        {
            total += part.Length;
        }

        var values = Array.CreateInstance(parts[0].Values.GetType().GetElementType()!, total);
        var offset = 0;
        foreach (var part in parts)
        {
            Array.Copy(part.Values, 0, values, offset, part.Length);
            offset += part.Length;
        }

        return new TensorData(values);
    }
}
