using System.Globalization;
using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>
/// A named tensor of the Open Inference Protocol (KServe V2): a datatype, a shape and the values flat in
/// row-major order. The data array's element type follows the datatype: FP32 float, FP64 double, FP16 Half,
/// INT64 long, INT32 int, INT16 short, INT8 sbyte, UINT8..UINT64 byte..ulong, BOOL bool and BYTES string.
/// </summary>
public sealed class InferenceTensor
{
    /// <summary>Creates a tensor, checking that the data's element type fits the datatype and its length fits the shape.</summary>
    /// <exception cref="ArgumentException">The datatype is unknown, or the data does not fit it or the shape.</exception>
    public InferenceTensor(string name, string datatype, IReadOnlyList<long> shape, Array data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(datatype);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var elementType = TensorDatatypes.ElementType(datatype)
            ?? throw new ArgumentException($"'{datatype}' is not a datatype; supported: {TensorDatatypes.Supported}.", nameof(datatype));
        if (data.GetType().GetElementType() != elementType || data.Rank != 1)
        {
            throw new ArgumentException($"A {datatype} tensor holds a {elementType.Name}[]; got {data.GetType().Name}.", nameof(data));
        }

        if (shape.All(d => d >= 0) && shape.Aggregate(1L, (product, d) => product * d) != data.Length)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape)}] holds {shape.Aggregate(1L, (product, d) => product * d)} values; the data has {data.Length}.", nameof(shape));
        }

        Name = name;
        Datatype = datatype;
        Shape = [.. shape];
        Data = data;
    }

    /// <summary>The tensor's name: an input or output of the model.</summary>
    public string Name { get; }

    /// <summary>The Open Inference Protocol datatype, such as FP32.</summary>
    public string Datatype { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The values, flat in row-major order, in an array of the datatype's element type.</summary>
    public Array Data { get; }

    /// <summary>An FP32 tensor; the shape defaults to [data.Length].</summary>
    public static InferenceTensor Fp32(string name, float[] data, params long[] shape) => Create(name, "FP32", data, shape);

    /// <summary>An FP64 tensor; the shape defaults to [data.Length].</summary>
    public static InferenceTensor Fp64(string name, double[] data, params long[] shape) => Create(name, "FP64", data, shape);

    /// <summary>An INT64 tensor; the shape defaults to [data.Length].</summary>
    public static InferenceTensor Int64(string name, long[] data, params long[] shape) => Create(name, "INT64", data, shape);

    /// <summary>An INT32 tensor; the shape defaults to [data.Length].</summary>
    public static InferenceTensor Int32(string name, int[] data, params long[] shape) => Create(name, "INT32", data, shape);

    /// <summary>A BOOL tensor; the shape defaults to [data.Length].</summary>
    public static InferenceTensor Bool(string name, bool[] data, params long[] shape) => Create(name, "BOOL", data, shape);

    /// <summary>A BYTES tensor of strings; the shape defaults to [data.Length].</summary>
    public static InferenceTensor Bytes(string name, string[] data, params long[] shape) => Create(name, "BYTES", data, shape);

    /// <summary>Reads a tensor in its Open Inference Protocol JSON form: {"name", "datatype", "shape", "data"}.</summary>
    /// <exception cref="FormatException">A field is missing or the data does not fit the datatype or the shape.</exception>
    public static InferenceTensor FromJson(JsonElement tensor)
    {
        var binary = ReadOnlyMemory<byte>.Empty;
        return FromJson(tensor, ref binary);
    }

    /// <summary>
    /// Reads a tensor whose data is in its JSON form or, when its parameters give a binary_data_size, in the first
    /// that many bytes of <paramref name="binary"/>, which then moves past them.
    /// </summary>
    /// <exception cref="FormatException">A field is missing, the binary data is too short, or the data does not fit the datatype or the shape.</exception>
    internal static InferenceTensor FromJson(JsonElement tensor, ref ReadOnlyMemory<byte> binary)
    {
        try
        {
            var name = tensor.String("name");
            var datatype = tensor.String("datatype").ToUpperInvariant();
            var data = tensor.Optional("parameters")?.Optional(TensorBinary.SizeParameter) is { } size
                ? TensorBinary.Read(Take(ref binary, size, name).Span, datatype, name)
                : TensorJson.ReadData(tensor.Optional("data") ?? throw new FormatException($"Tensor '{name}' has no data."), datatype, name);
            IReadOnlyList<long> shape = tensor.Optional("shape") is not null ? tensor.List("shape", d => d.GetInt64()) : [data.Length];
            return new InferenceTensor(name, datatype, shape, data);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException("A tensor is not valid: " + e.Message, e);
        }
    }

    /// <summary>The data as a T[]; T must be the datatype's element type (float for FP32, long for INT64, ...).</summary>
    /// <exception cref="InvalidCastException">The tensor holds another type.</exception>
    public T[] GetData<T>() => Data as T[]
        ?? throw new InvalidCastException($"Tensor '{Name}' is {Datatype} and holds {Data.GetType().Name}, not {typeof(T).Name}[].");

    /// <summary>The values of a numeric or BOOL tensor as doubles (true is 1).</summary>
    /// <exception cref="InvalidOperationException">The tensor is BYTES.</exception>
    public double[] ToDoubles() => Data switch
    {
        string[] => throw new InvalidOperationException($"Tensor '{Name}' is BYTES; its values are not numbers."),
        bool[] values => Array.ConvertAll(values, v => v ? 1.0 : 0.0),
        Half[] values => Array.ConvertAll(values, v => (double)v),
        _ => [.. Data.Cast<object>().Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture))],
    };

    /// <summary>Writes the tensor in its Open Inference Protocol JSON form.</summary>
    public void WriteTo(Utf8JsonWriter writer) => WriteTo(writer, binarySize: null);

    /// <summary>
    /// Writes the tensor's JSON form: with its data, or, given <paramref name="binarySize"/>, with that size as its
    /// binary_data_size parameter in place of the data, which then travels after the JSON object.
    /// </summary>
    internal void WriteTo(Utf8JsonWriter writer, int? binarySize)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        writer.WriteStartArray("shape");
        foreach (var dimension in Shape)
        {
            writer.WriteNumberValue(dimension);
        }

        writer.WriteEndArray();
        writer.WriteString("datatype", Datatype);
        if (binarySize is { } size)
        {
            writer.WriteStartObject("parameters");
            writer.WriteNumber(TensorBinary.SizeParameter, size);
            writer.WriteEndObject();
        }
        else
        {
            writer.WritePropertyName("data");
            TensorJson.WriteData(writer, Data);
        }

        writer.WriteEndObject();
    }

    /// <summary>The next <paramref name="size"/> bytes of <paramref name="binary"/>, which moves past them.</summary>
    private static ReadOnlyMemory<byte> Take(ref ReadOnlyMemory<byte> binary, JsonElement size, string name)
    {
        if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt32(out var bytes) || bytes < 0)
        {
            throw new FormatException($"Tensor '{name}' has a {TensorBinary.SizeParameter} of {size.GetRawText()}, not a non-negative integer below 2^31.");
        }

        if (bytes > binary.Length)
        {
            throw new FormatException(
                $"Tensor '{name}' has a {TensorBinary.SizeParameter} of {bytes}, but only {binary.Length} bytes of binary data remain for it.");
        }

        var taken = binary[..bytes];
        binary = binary[bytes..];
        return taken;
    }

    private static InferenceTensor Create(string name, string datatype, Array data, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new InferenceTensor(name, datatype, shape is null || shape.Length == 0 ? [data.Length] : shape, data);
    }
}
