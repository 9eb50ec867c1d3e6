using System.Buffers.Binary;

namespace MLOps.TestModels.Onnx;

/// <summary>A constant tensor stored in the graph, e.g. a weight: an ONNX <c>TensorProto</c> initializer.</summary>
public sealed class OnnxTensor
{
    // TensorProto fields, from onnx/onnx.proto.
    private const int DimsField = 1;
    private const int DataTypeField = 2;
    private const int NameField = 8;
    private const int RawDataField = 9;

    private readonly int _dataType;
    private readonly long[] _dims;
    private readonly byte[] _rawData;

    private OnnxTensor(string name, string elementType, long[] dims, byte[] rawData)
    {
        Name = name;
        _dataType = OnnxDataTypes.ToOnnx(elementType);
        _dims = dims;
        _rawData = rawData;
    }

    /// <summary>The name nodes use to refer to the tensor.</summary>
    public string Name { get; }

    /// <summary>An FP32 tensor of the given shape holding <paramref name="values"/> in row-major order.</summary>
    public static OnnxTensor Float(string name, float[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        return new OnnxTensor(name, "FP32", dims, raw);
    }

    /// <summary>An INT64 tensor of the given shape holding <paramref name="values"/> in row-major order.</summary>
    public static OnnxTensor Int64(string name, long[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        return new OnnxTensor(name, "INT64", dims, raw);
    }

    internal ProtoMessage ToProto()
    {
        var proto = new ProtoMessage();
        Array.ForEach(_dims, dim => proto.Int64(DimsField, dim));
        return proto.Int64(DataTypeField, _dataType).String(NameField, Name).Bytes(RawDataField, _rawData);
    }
}
